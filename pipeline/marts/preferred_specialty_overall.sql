-- preferred_specialty_overall: non-U.S. IMGs over all specialties (Charting Outcomes, a
-- transcription of NRMP's report, not NRMP's file), one row per Match year, with the two match
-- rates the report's figures support -- different definitions, never one series:
--   match_rate_pct                 applicant-weighted: 100 * matched / applicants of the report's
--                                  totals (2026: 5,721 / 11,685 = 49.0%);
--   mean_specialty_match_rate_pct  the report's headline: the unweighted mean of the charted
--                                  specialties' rates (2026: 41.5%), in which each specialty
--                                  counts once whatever its number of applicants.
-- charted_* are the sums over the charted specialties (fewer than the totals: IMGs who preferred
-- a specialty that is not charted are only in the totals). Step 2 CK medians over all specialties
-- as the report prints them.
-- Needs: preferred_specialty_outcomes and applicant_measures.
CREATE VIEW preferred_specialty_overall AS
WITH spec AS (
    SELECT match_year, applicant_type,
           count(*)::BIGINT AS charted_specialties,
           sum(applicants)::BIGINT AS charted_applicants,
           sum(matched)::BIGINT AS charted_matched,
           sum(not_matched)::BIGINT AS charted_not_matched,
           avg(100 * matched::DOUBLE / nullif(applicants, 0)) AS mean_rate
    FROM preferred_specialty_outcomes
    WHERE specialty_id IS NOT NULL
    GROUP BY match_year, applicant_type
), med AS (
    SELECT match_year, applicant_type,
           max(median) FILTER (WHERE outcome = 'matched') AS step2_median_matched,
           max(median) FILTER (WHERE outcome = 'not_matched') AS step2_median_not_matched
    FROM applicant_measures
    WHERE specialty_id IS NULL AND measure = 'step2ck'
    GROUP BY match_year, applicant_type
)
SELECT
    t.match_year,
    t.applicant_type,
    t.positions,
    t.applicants_all_types,
    t.applicants,
    t.matched,
    t.not_matched,
    round(100 * t.matched::DOUBLE / nullif(t.applicants, 0), 1) AS match_rate_pct,
    s.charted_specialties,
    round(s.mean_rate, 1) AS mean_specialty_match_rate_pct,
    s.charted_applicants,
    s.charted_matched,
    s.charted_not_matched,
    m.step2_median_matched,
    m.step2_median_not_matched,
    m.step2_median_matched - m.step2_median_not_matched AS step2_median_gap
FROM preferred_specialty_outcomes AS t
LEFT JOIN spec AS s USING (match_year, applicant_type)
LEFT JOIN med AS m USING (match_year, applicant_type)
WHERE t.specialty_id IS NULL
ORDER BY t.match_year, t.applicant_type
