"""Charts: one function per chart (``figures``) taking a mart's DataFrame, the shared look
(``theme``), the offline Vega bundle (``vega``), the chart files (``export``) and the
specialty-report chart templates (``specialty``).

    from pipeline import charts, marts
    charts.img_share_by_specialty(marts.mart("img_share_by_specialty"))
"""

from pipeline.charts.figures import (img_matches_by_state, img_share_by_specialty, match_rate_by_applicant_type,
                                     match_rate_trends, positions_vs_img_share, residents_non_us_share,
                                     rol_length_vs_match, specialty_fill_trends)
from pipeline.charts.step2 import step2_by_specialty
from pipeline.charts.theme import APPLICANT_LABELS, IMG_LABELS, with_source

__all__ = ["match_rate_by_applicant_type", "match_rate_trends", "img_share_by_specialty", "positions_vs_img_share",
           "specialty_fill_trends", "img_matches_by_state", "rol_length_vs_match", "residents_non_us_share",
           "step2_by_specialty", "APPLICANT_LABELS", "IMG_LABELS", "with_source"]
