-- step2_by_specialty: non-U.S. IMGs by preferred specialty (Charting Outcomes, a transcription of
-- NRMP's report, not NRMP's file): how many preferred it, how many matched to it, and the USMLE
-- Step 2 CK scores of those who matched and of those who did not, one row per Match year and
-- charted specialty, ordered by match rate (highest first).
-- Needs: preferred_specialty_outcomes and applicant_measures.
-- match_rate_pct = round(100 * matched / applicants, 1) from the counts. Step 2 CK quartiles are
-- as transcribed (null where the report suppresses a small cohort: *_suppressed).
-- Small numbers: one threshold, a base under 20 (applicants for the rate, n for the scores).
-- A score profile of the applicants of one Match, not a chance of matching with a given score.
CREATE VIEW step2_by_specialty AS
WITH s AS (
    SELECT * FROM applicant_measures WHERE measure = 'step2ck' AND specialty_id IS NOT NULL
)
SELECT
    o.match_year,
    o.applicant_type,
    o.specialty_id,
    o.positions,
    o.applicants_all_types,
    o.applicants,
    o.matched,
    o.not_matched,
    round(100 * o.matched::DOUBLE / nullif(o.applicants, 0), 1) AS match_rate_pct,
    o.applicants < 20 AS applicants_small,
    m.n AS step2_matched_n,
    m.min AS step2_matched_min,
    m.q1 AS step2_matched_q1,
    m.median AS step2_matched_median,
    m.q3 AS step2_matched_q3,
    m.max AS step2_matched_max,
    m.median IS NULL AS step2_matched_suppressed,
    coalesce(m.n, 0) < 20 AS step2_matched_small,
    u.n AS step2_not_matched_n,
    u.min AS step2_not_matched_min,
    u.q1 AS step2_not_matched_q1,
    u.median AS step2_not_matched_median,
    u.q3 AS step2_not_matched_q3,
    u.max AS step2_not_matched_max,
    u.median IS NULL AS step2_not_matched_suppressed,
    coalesce(u.n, 0) < 20 AS step2_not_matched_small,
    m.median - u.median AS step2_median_gap,
    rank() OVER (PARTITION BY o.match_year, o.applicant_type
                 ORDER BY o.matched::DOUBLE / o.applicants DESC)::BIGINT AS match_rate_rank
FROM preferred_specialty_outcomes AS o
LEFT JOIN s AS m
  ON m.match_year = o.match_year AND m.applicant_type = o.applicant_type AND m.specialty_id = o.specialty_id
 AND m.outcome = 'matched'
LEFT JOIN s AS u
  ON u.match_year = o.match_year AND u.applicant_type = o.applicant_type AND u.specialty_id = o.specialty_id
 AND u.outcome = 'not_matched'
WHERE o.specialty_id IS NOT NULL
ORDER BY o.match_year, o.applicant_type, match_rate_rank, o.applicants DESC, o.specialty_id
