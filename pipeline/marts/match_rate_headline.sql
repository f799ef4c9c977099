-- match_rate_headline: NRMP's headline PGY-1 match rate by applicant type (match_summary).
-- Needs: match_summary (always built, also offline from the bundled facts).
-- matched = applicants matched to PGY-1 positions; active_applicants = applicants who
-- certified a rank order list. Couples are included. The rate is computed with
-- round(x, 1) from the counts where active_applicants is known (rate_basis = 'computed');
-- where the sources give no applicant count or no matched count (2022-2023 by applicant type,
-- several 2016-2021 figures) the published rate is used as printed (rate_basis = 'published').
CREATE VIEW match_rate_headline AS
SELECT
    match_year,
    applicant_type,
    'headline' AS definition,
    active_applicants,
    matched_pgy1 AS matched,
    CASE WHEN active_applicants > 0 AND matched_pgy1 IS NOT NULL
         THEN round(100 * matched_pgy1::DOUBLE / active_applicants, 1)
         ELSE match_rate_pct END AS match_rate_pct,
    CASE WHEN active_applicants > 0 AND matched_pgy1 IS NOT NULL THEN 'computed' ELSE 'published' END AS rate_basis
FROM match_summary
ORDER BY match_year, applicant_type
