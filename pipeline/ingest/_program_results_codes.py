"""Specialty ids of an edition's program codes: by the crosswalk's codes, or, for a code it does not know,
by the program names printed with it (the parser is ``_program_results_pdf``)."""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.ingest.specialties import crosswalk


def specialty_ids(pdf, programs: list, first_seen: dict) -> tuple[dict[str, str], list[str]]:
    """Each specialty code's specialty_id, and a note for every code read by its printed name.

    A code not in the crosswalk is read by name when every program printed with it bears a name that is
    a label of one specialty ("code 360 read as plastic surgery from its printed name 'Plastic Surgery'");
    otherwise it is refused as before, naming the file, page, program and the names printed."""
    cw = crosswalk()
    ids: dict[str, str] = {}
    notes: list[str] = []
    unknown: dict[str, tuple[str, int]] = {}
    for code, first in first_seen.items():
        sid = cw.by_code(code)
        if sid is not None:
            ids[code] = sid
            continue
        names = sorted({p[4] for p in programs if p[0][4:7] == code})
        sid = cw.resolve_by_name(names)
        if sid is None:
            unknown[code] = first
            continue
        ids[code] = sid
        n = sum(1 for p in programs if p[0][4:7] == code)
        shown = " / ".join(f"'{x}'" for x in names)
        notes.append(f"code {code} read as {cw.names[sid].lower()} ({sid}) from its printed name{'s' if len(names) > 1 else ''} "
                     f"{shown}: {n} program(s), first {first[0]} on page {first[1]} of {pdf.path.name}; the code is "
                     f"not in the crosswalk (add it to acgme_codes of {sid} in data/reference/specialties.csv to "
                     "make this certain)")
    if unknown:
        def names_of(code):
            return ", ".join(sorted({repr(p[4]) for p in programs if p[0][4:7] == code}))
        raise InputError(
            f"{len(unknown)} ACGME specialty code(s) are not in the crosswalk: {', '.join(unknown)}, and the "
            "program names printed with them are not labels of one specialty (first seen: " + "; ".join(
                f"{c} in program {p} on page {pg}, printed name(s) {names_of(c)}"
                for c, (p, pg) in unknown.items()) + ")",
            where=str(pdf.path),
            todo=f"add each code to the `acgme_codes` of the right specialty in data/reference/specialties.csv "
                 "(with a citation), or the printed name to its `labels`, then run the pipeline again")
    return ids, notes
