-- specialty_fill_trends: programs, positions (quota) and positions filled per specialty and
-- year, from the program-level results (every year of the catalogued editions: 2015-2025). All
-- program types are summed:
-- categorical (C), primary (M), preliminary (P), advanced (A) and physician/reserved (R),
-- so PGY-1 and PGY-2 positions are counted together; the sums over all specialties equal
-- the program_results national totals of the year.
-- Needs: program_results (through specialty_fill_by_program_type).
-- fill_pct = round(100 * filled / quota, 1); unfilled = quota - filled (after the matching
-- algorithm, before SOAP). quota_small: fewer than 20 positions, a small number (one threshold: a base
-- under 20); a change from such a year is given as counts, not as a percentage.
-- It is specialty_fill_by_program_type (the fill of each program type: categorical, preliminary, ...)
-- summed over the types, so the two always agree.
CREATE VIEW specialty_fill_trends AS
SELECT
    match_year,
    specialty_id,
    sum(programs)::BIGINT AS programs,
    sum(quota)::BIGINT AS quota,
    sum(filled)::BIGINT AS filled,
    round(100 * sum(filled)::DOUBLE / nullif(sum(quota), 0), 1) AS fill_pct,
    (sum(quota) - sum(filled))::BIGINT AS unfilled,
    sum(quota) < 20 AS quota_small
FROM specialty_fill_by_program_type
GROUP BY match_year, specialty_id
ORDER BY specialty_id, match_year
