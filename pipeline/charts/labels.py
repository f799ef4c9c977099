"""Where the labels of a bubble chart go: next to their circle, clear of each other and of the other circles.

Vega-Lite places text marks where it is told and lets them overlap; ``place_labels`` works out, in pixels,
a spot for each label before the chart is drawn (``figures.positions_vs_img_share``).
"""

from __future__ import annotations


def place_labels(points: list[tuple[float, float, float, str]], circles: list[tuple[float, float, float]],
                 width: float, height: float, char_px: float = 5.9,
                 line_px: float = 12.0, skip_overlapping: bool = True) -> list[tuple[float, float, str] | None]:
    """Place one text label next to each labelled circle without overlaps (greedy, in pixels).

    ``points``: (x, y, radius, text) of the circles to label, in priority order; ``circles``:
    every circle (x, y, radius), labelled or not. Tries right, left, above, below and the
    diagonals; keeps the first candidate that overlaps no placed label, no other circle and
    stays inside the plot. When every candidate overlaps, the label is left out (None) with
    ``skip_overlapping``, else put where it overlaps least. Returns (x, y, align) per labelled
    point, y being the label's vertical middle.
    """
    placed: list[tuple[float, float, float, float]] = []
    out = []

    def box(x, y, w, align):
        x0 = x if align == "left" else x - w if align == "right" else x - w / 2
        return (x0, y - line_px / 2, x0 + w, y + line_px / 2)

    def overlap(b1, b2):
        return max(0.0, min(b1[2], b2[2]) - max(b1[0], b2[0])) * max(0.0, min(b1[3], b2[3]) - max(b1[1], b2[1]))

    for x, y, r, text in points:
        w = char_px * len(text)
        cands = [(x + r + 3, y, "left"), (x - r - 3, y, "right"), (x, y - r - line_px / 2 - 2, "center"),
                 (x, y + r + line_px / 2 + 2, "center"), (x + r * 0.7 + 2, y - r * 0.7 - line_px / 2, "left"),
                 (x + r * 0.7 + 2, y + r * 0.7 + line_px / 2, "left"), (x - r * 0.7 - 2, y - r * 0.7 - line_px / 2, "right"),
                 (x - r * 0.7 - 2, y + r * 0.7 + line_px / 2, "right")]
        best, best_cost = None, None
        for cx, cy, align in cands:
            bx = box(cx, cy, w, align)
            cost = sum(overlap(bx, q) for q in placed)
            for ox, oy, orad in circles:
                if (ox, oy, orad) != (x, y, r):
                    cost += overlap(bx, (ox - orad * 0.8, oy - orad * 0.8, ox + orad * 0.8, oy + orad * 0.8))
            outside = max(0.0, -bx[0]) + max(0.0, bx[2] - width - 150) + max(0.0, -bx[1]) + max(0.0, bx[3] - height)
            cost += outside * line_px * 4
            if best_cost is None or cost < best_cost - 1e-9:
                best, best_cost = (cx, cy, align), cost
            if cost == 0:
                break
        if best_cost > 0 and skip_overlapping:
            out.append(None)
            continue
        placed.append(box(best[0], best[1], w, best[2]))
        out.append(best)
    return out
