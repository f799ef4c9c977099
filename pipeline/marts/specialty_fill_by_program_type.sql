-- specialty_fill_by_program_type: positions offered and filled per specialty, year and program type,
-- from the program-level results (every year of the catalogued editions: 2015-2025). The type is the
-- one letter at the end of the program code: C (categorical) and M (primary care) are 'categorical',
-- P 'preliminary' (one PGY-1 year), A 'advanced' (starts at PGY-2), R 'reserved' (physicians).
-- Needs: program_results.
-- Why: preliminary positions fill far less often than categorical ones, so a specialty's fill over
-- all types (specialty_fill_trends) mixes two different things: 2025 surgery 82.3% over all types is
-- 99.8% of its categorical and 56.4% of its preliminary positions.
-- fill_pct = round(100 * filled / quota, 1); unfilled = quota - filled (after the matching algorithm,
-- before SOAP). quota_small: fewer than 20 positions, a small number (one threshold: a base under 20).
CREATE VIEW specialty_fill_by_program_type AS
WITH typed AS (
    SELECT *,
           CASE program_type WHEN 'C' THEN 'categorical' WHEN 'M' THEN 'categorical'
                             WHEN 'P' THEN 'preliminary' WHEN 'A' THEN 'advanced'
                             WHEN 'R' THEN 'reserved' END AS position_type
    FROM program_results
)
SELECT
    match_year,
    specialty_id,
    position_type,
    string_agg(DISTINCT program_type, ', ' ORDER BY program_type) AS type_codes,
    count(*)::BIGINT AS programs,
    sum(quota)::BIGINT AS quota,
    sum(filled)::BIGINT AS filled,
    round(100 * sum(filled)::DOUBLE / nullif(sum(quota), 0), 1) AS fill_pct,
    (sum(quota) - sum(filled))::BIGINT AS unfilled,
    sum(quota) < 20 AS quota_small
FROM typed
GROUP BY match_year, specialty_id, position_type
ORDER BY specialty_id, match_year,
         CASE position_type WHEN 'categorical' THEN 1 WHEN 'advanced' THEN 2 WHEN 'preliminary' THEN 3 ELSE 4 END
