-- img_share_by_state: as img_share_by_specialty, per state (USPS code) as well.
-- Needs: state_specialty_results.
-- fill_pct      = round(100 * filled / positions, 1)
-- img_share_pct = round(100 * (us_img + non_us_img) / filled, 1); null when nothing was filled.
-- Small numbers (a base under 20): positions_small = fewer than 20 positions, filled_small = fewer
-- than 20 filled; most states of most specialties are small numbers.
CREATE VIEW img_share_by_state AS
SELECT
    match_year,
    state,
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
FROM state_specialty_results
GROUP BY match_year, state, specialty_id, position_level
ORDER BY match_year, state, specialty_id, position_level
