-- match_rate_trends: match rate by applicant type and year under two definitions.
-- Needs: match_summary (through match_rate_headline) and rol_length.
--   definition = 'headline'   : NRMP's PGY-1 match rate (match_summary, couples included):
--                                matched = matched to PGY-1 positions, active = certified a ROL.
--   definition = 'no_couples' : from the rank-order-list report (rol_length, 2006-2025):
--                                matched = applicants matched (any position, not only PGY-1),
--                                active = matched + unmatched; couples excluded; primary ROLs only.
-- The two definitions differ (2025 all applicants: 79.8% headline vs 80.5% no_couples);
-- never mix them in one series. Percentages: round(100 * matched / active, 1).
CREATE VIEW match_rate_trends AS
SELECT match_year, applicant_type, definition, active_applicants, matched, match_rate_pct, rate_basis
FROM match_rate_headline
UNION ALL
SELECT
    m.match_year,
    m.group_name AS applicant_type,
    'no_couples' AS definition,
    m.n + u.n AS active_applicants,
    m.n AS matched,
    round(100 * m.n::DOUBLE / nullif(m.n + u.n, 0), 1) AS match_rate_pct,
    'computed' AS rate_basis
FROM rol_length AS m
JOIN rol_length AS u
  ON u.match_year = m.match_year AND u.group_name = m.group_name AND u.outcome = 'unmatched'
WHERE m.outcome = 'matched'
ORDER BY definition, match_year, applicant_type
