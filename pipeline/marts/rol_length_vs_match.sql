-- rol_length_vs_match: average rank order list (ROL) length of matched vs unmatched
-- applicants, per applicant group and year (rol_length, 2006-2025), one row per year and group.
-- Needs: rol_length.
-- difference = avg_rol_matched - avg_rol_unmatched (ranks; the averages are printed to two
-- decimals). Applicants only (the programs rows, filled vs unfilled, are left out);
-- couples are excluded by NRMP. An association, not the effect of a longer list.
CREATE VIEW rol_length_vs_match AS
SELECT
    m.match_year,
    m.group_name,
    m.n AS matched,
    u.n AS unmatched,
    round(100 * m.n::DOUBLE / nullif(m.n + u.n, 0), 1) AS match_rate_pct,
    m.avg_rol_length AS avg_rol_matched,
    u.avg_rol_length AS avg_rol_unmatched,
    round(m.avg_rol_length - u.avg_rol_length, 2) AS difference
FROM rol_length AS m
JOIN rol_length AS u
  ON u.match_year = m.match_year AND u.group_name = m.group_name AND u.outcome = 'unmatched'
WHERE m.outcome = 'matched'
ORDER BY m.group_name, m.match_year
