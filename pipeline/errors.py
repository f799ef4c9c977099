"""Errors a person can act on.

Every error raised for bad input or a bad state says *where* (file, page, row),
*what* was expected and found, and *what to do*. The CLI prints the message
without a traceback and exits non-zero.
"""

from __future__ import annotations

ECHO_LIMIT = 200


def shorten(text: object, limit: int = ECHO_LIMIT) -> str:
    """What a user typed, fit to be echoed in an error: one line, at most about ``limit`` characters.

    Whitespace runs (newlines too) become one space and other control characters ``?``, so
    that the echo cannot break the one-paragraph message or drive the terminal; longer text
    is cut and ends with ``…``. Use it for every SQL text, name or value shown back to the user.
    """
    flat = " ".join(str(text).split())
    flat = "".join(c if c.isprintable() else "?" for c in flat)
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 1)].rstrip() + "…"


class MatchstatsError(Exception):
    """Base class: the message is shown to the user as it is."""

    def __init__(self, what: str, *, where: str | None = None, todo: str | None = None):
        self.what = what
        self.where = where
        self.todo = todo
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = []
        if self.where:
            parts.append(f"{self.where}: ")
        parts.append(self.what)
        text = "".join(parts)
        if self.todo:
            text += f"\nWhat to do: {self.todo}"
        return text


class InputError(MatchstatsError):
    """A source file cannot be read as expected (layout, header, values)."""


class ChecksumError(MatchstatsError):
    """A raw file differs from the catalogue."""


class ValidationFailed(MatchstatsError):
    """Expectations or reconciliations failed: nothing was published."""


class UsageError(MatchstatsError):
    """The command was called with something it cannot use."""


def require_fields(record, fields, *, what, where: str | None, todo: str | None, exact: bool = False) -> None:
    """Raise :class:`InputError` unless ``record`` has every one of ``fields``.

    ``record`` is a mapping (a YAML entry, a CSV row: a field is missing when it is absent, None
    or "") or the names a record has (a CSV header, a frame's columns: a field is missing when it
    is not among them; ``None``, a file without a header, has none). With ``exact``, names of
    ``record`` that are not ``fields`` are an error too. ``what`` is the message, or a function of
    ``(missing, extra)`` (the lists, in the order of ``fields`` and of ``record``) that returns it;
    ``where`` names the file and row or entry, ``todo`` what to do.
    """
    if isinstance(record, dict):
        missing = [f for f in fields if record.get(f) in (None, "")]
        names = list(record)
    else:
        names = list(record or ())
        missing = [f for f in fields if f not in names]
    extra = [n for n in names if n not in fields] if exact else []
    if missing or extra:
        raise InputError(what(missing, extra) if callable(what) else what, where=where, todo=todo)
