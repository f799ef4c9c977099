"""HTML tables with merged cells, as the rows the article reader reads (``pipeline.check.document``): a cell's
``colspan``/``rowspan`` read safely, and each cell repeated over the columns and rows it spans."""

from __future__ import annotations


def span(value) -> int:
    try:
        return max(1, min(int(value), 50))
    except (TypeError, ValueError):
        return 1


def expand(rows: list, spans: list) -> list:
    """An HTML table's rows with each cell repeated over the columns and rows it spans (colspan, rowspan), so a
    column index is the same column in every row."""
    out, carry = [], {}  # column -> (cell, rows still to cover)

    def place(cells: list, cell, down: int) -> None:
        if down > 1:
            carry[len(cells)] = (cell, down - 1)
        cells.append(cell)

    def carried(cells: list) -> None:  # the cells of rows above that span down into this one, at this column
        while len(cells) in carry:
            place(cells, *carry.pop(len(cells)))

    for row, sp in zip(rows, spans):
        cells = []
        for cell, (cols, down, _) in zip(row, sp + [(1, 1, False)] * (len(row) - len(sp))):
            carried(cells)
            for _ in range(cols):
                place(cells, cell, down)
        carried(cells)
        out.append(cells)
    return out
