-- residents_non_us_share: AAMC share of active residents who are not U.S. citizens or
-- permanent residents, per specialty (MD and DO residents together), beside the NRMP
-- share of filled positions that went to non-U.S.-citizen IMGs in the latest Match year
-- (all position levels).
-- Needs: residents_by_specialty and state_specialty_results.
-- Different populations: AAMC counts all residents in training (all PGY years) by
-- citizenship in one academic year; NRMP counts new Match placements by applicant type.
-- Only AAMC rows with a specialty_id (specialties, combined programs and the subspecialties
-- the crosswalk knows) are used. NRMP columns are null where NRMP has no such specialty.
CREATE VIEW residents_non_us_share AS
WITH aamc AS (
    SELECT
        academic_year,
        specialty_id,
        string_agg(DISTINCT degree_type, '+' ORDER BY degree_type DESC) AS degree_types,
        sum(residents) FILTER (WHERE category = 'total')::BIGINT AS residents,
        sum(residents) FILTER (WHERE category = 'non_us_citizen')::BIGINT AS non_us_citizen
    FROM residents_by_specialty
    WHERE specialty_id IS NOT NULL
    GROUP BY academic_year, specialty_id
), latest AS (
    SELECT max(match_year) AS match_year FROM state_specialty_results
), nrmp AS (
    SELECT
        r.match_year,
        r.specialty_id,
        sum(r.filled)::BIGINT AS filled,
        sum(r.non_us_img)::BIGINT AS non_us_img
    FROM state_specialty_results AS r
    JOIN latest USING (match_year)
    GROUP BY r.match_year, r.specialty_id
)
SELECT
    a.academic_year,
    a.specialty_id,
    a.degree_types,
    a.residents,
    a.non_us_citizen,
    round(100 * a.non_us_citizen::DOUBLE / nullif(a.residents, 0), 1) AS non_us_citizen_pct,
    n.match_year AS nrmp_match_year,
    n.filled AS nrmp_filled,
    n.non_us_img AS nrmp_non_us_img,
    round(100 * n.non_us_img::DOUBLE / nullif(n.filled, 0), 1) AS nrmp_non_us_img_pct
FROM aamc AS a
LEFT JOIN nrmp AS n USING (specialty_id)
ORDER BY a.academic_year, a.specialty_id
