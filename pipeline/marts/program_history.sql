-- program_history: one row per program and Match year, over every year any catalogued edition of
-- NRMP's Program Results report prints: positions offered (quota) and filled, and the institution,
-- city and program name as printed by the edition the row is read from (source_id), with every
-- edition that prints that program-year (printed_in).
-- Needs: program_results.
-- fill_pct = round(100 * filled / quota, 1); unfilled = quota - filled; years_listed = the number of
-- Match years the program took part in.
-- renamed: an edition prints one name per program for all five of its years, so a name can only
-- change where the year's row comes from another edition than the previous year's. renamed is true
-- only where the two printed names still differ after normalising case, punctuation, spacing and
-- NRMP's known abbreviations (name_key: "Gen Surg" = "General Surgery") and clipping at the column
-- width (a name the 2019 or 2020 edition printed straight against the program code, name_clipped, is
-- the same name as one that starts with it, its last, possibly cut, word aside).
CREATE VIEW program_history AS
WITH ordered AS (
    SELECT
        *,
        lag(name_key) OVER w AS prev_key,
        lag(name_clipped) OVER w AS prev_clipped,
        lag(program_name) OVER w AS prev_name
    FROM program_results
    WINDOW w AS (PARTITION BY program_code ORDER BY match_year)
)
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
    coalesce(
        prev_key IS NOT NULL
        AND name_key <> prev_key
        AND NOT (prev_clipped = 1 AND starts_with(name_key || ' ', regexp_replace(prev_key, '\s*\S+$', '') || ' ')
                 AND strpos(prev_key, ' ') > 0)
        AND NOT (name_clipped = 1 AND starts_with(prev_key || ' ', regexp_replace(name_key, '\s*\S+$', '') || ' ')
                 AND strpos(name_key, ' ') > 0),
        false) AS renamed,
    CASE WHEN program_name <> prev_name THEN prev_name END AS previous_name,
    source_id,
    printed_in
FROM ordered
ORDER BY program_code, match_year
