-- img_share_by_specialty: national positions, fill and applicant mix per specialty,
-- position level and year: img_share_by_state summed over the states (one aggregation, defined there).
-- Needs: state_specialty_results (through img_share_by_state).
-- fill_pct      = round(100 * filled / positions, 1)
-- img_share_pct = round(100 * (us_img + non_us_img) / filled, 1)  (share of FILLED positions)
-- Small numbers, one threshold (pipeline.marts.SMALL_BASE): a base under 20. positions_small = fewer
-- than 20 positions (the base of fill_pct); filled_small = fewer than 20 filled (the base of the shares).
-- position_level is PGY-1, PGY-2 or Physician. For the few rows whose level the report does
-- not print (two-line labels clipped by NRMP) it comes from the Program Results report's
-- program codes; only when that report is absent are they null, and form their own group.
CREATE VIEW img_share_by_specialty AS
SELECT
    match_year,
    specialty_id,
    position_level,
    sum(positions)::BIGINT AS positions,
    sum(filled)::BIGINT AS filled,
    round(100 * sum(filled)::DOUBLE / nullif(sum(positions), 0), 1) AS fill_pct,
    sum(us_md_senior)::BIGINT AS us_md_senior,
    sum(us_md_grad)::BIGINT AS us_md_grad,
    sum(us_do_senior)::BIGINT AS us_do_senior,
    sum(us_do_grad)::BIGINT AS us_do_grad,
    sum(us_img)::BIGINT AS us_img,
    sum(non_us_img)::BIGINT AS non_us_img,
    sum(other)::BIGINT AS other,
    round(100 * (sum(us_img) + sum(non_us_img))::DOUBLE / nullif(sum(filled), 0), 1) AS img_share_pct,
    sum(positions) < 20 AS positions_small,
    sum(filled) < 20 AS filled_small
FROM img_share_by_state
GROUP BY match_year, specialty_id, position_level
ORDER BY match_year, specialty_id, position_level
