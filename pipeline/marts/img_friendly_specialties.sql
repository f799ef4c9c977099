-- img_friendly_specialties: specialties ranked by the share of their filled PGY-1
-- positions that went to IMGs (U.S.-citizen + non-U.S.-citizen) in the latest Match year.
-- Needs: state_specialty_results (through img_share_by_specialty).
-- RANKING RULE:
--   * latest match_year in the data; position_level = 'PGY-1' only;
--   * only specialties with at least 100 PGY-1 positions offered nationally that year
--     (smaller specialties swing on a handful of matches), and never a small number: at least 20
--     PGY-1 positions filled (the one small-number threshold, a base under 20, is not ranked);
--   * rank = rank() by the exact ratio (us_img + non_us_img) / filled, highest first
--     (ties share a rank); img_share_pct is that ratio as a percentage, one decimal.
-- The share describes who filled the positions, not an applicant's chance of matching.
CREATE VIEW img_friendly_specialties AS
WITH latest AS (
    SELECT max(match_year) AS match_year FROM img_share_by_specialty
), eligible AS (
    SELECT s.*
    FROM img_share_by_specialty AS s
    JOIN latest USING (match_year)
    WHERE s.position_level = 'PGY-1' AND s.positions >= 100 AND s.filled >= 20
)
SELECT
    rank() OVER (ORDER BY (us_img + non_us_img)::DOUBLE / filled DESC)::BIGINT AS rank,
    match_year,
    specialty_id,
    positions,
    filled,
    img_share_pct,
    us_img,
    non_us_img,
    fill_pct
FROM eligible
ORDER BY rank, specialty_id
