-- unfilled_programs: every program with positions left unfilled after the matching
-- algorithm (quota > filled), per year: the programs whose positions go to SOAP.
-- Needs: program_results.
-- unfilled = quota - filled.
CREATE VIEW unfilled_programs AS
SELECT
    match_year,
    program_code,
    specialty_id,
    program_type,
    institution,
    program_name,
    city,
    state,
    track,
    quota,
    filled,
    quota - filled AS unfilled
FROM program_results
WHERE quota > filled
ORDER BY match_year, specialty_id, state, program_code
