-- program_history: one row per program and Match year, over every year any catalogued edition of
-- NRMP's Program Results report prints (2015-2025 with the 2019, 2020 and 2025 editions): positions
-- offered (quota) and filled, and the institution, city and program name as printed for that year,
-- with the edition the row comes from (source_id).
-- Needs: program_results.
-- fill_pct = round(100 * filled / quota, 1); unfilled = quota - filled; years_listed = the number of
-- Match years the program took part in; renamed = the name printed differs from the previous year's
-- (NRMP abbreviates names, and clipped the longer ones in the 2015-2019 and 2016-2020 editions).
CREATE VIEW program_history AS
SELECT
    program_code,
    match_year,
    specialty_id,
    program_type,
    state,
    city,
    institution,
    program_name,
    quota,
    filled,
    quota - filled AS unfilled,
    round(100 * filled::DOUBLE / nullif(quota, 0), 1) AS fill_pct,
    count(*) OVER (PARTITION BY program_code)::BIGINT AS years_listed,
    coalesce(program_name <> lag(program_name) OVER (PARTITION BY program_code ORDER BY match_year), false)
        AS renamed,
    source_id
FROM program_results
ORDER BY program_code, match_year
