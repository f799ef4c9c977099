"""The specialty crosswalk (``data/reference/specialties.csv``, tracked in git).

Columns: ``specialty_id`` (lowercase-hyphenated, stable), ``display_name``,
``acgme_codes`` (the 3-digit specialty codes, ``;``-separated; characters 5-7 of
an NRMP program code) and ``labels`` (every label variant seen in the sources,
``;``-separated; matching ignores case and repeated spaces). Optional column
``parent_id`` names the core specialty of a subspecialty.

Harmonisation is data: an unknown label or code is an error that lists every
unknown one, never a silent "Other".
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.config import SPECIALTIES_CSV
from pipeline.errors import InputError

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normalise(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip().casefold()


@dataclass
class Crosswalk:
    names: dict[str, str] = field(default_factory=dict)  # id -> display name
    by_label_map: dict[str, str] = field(default_factory=dict)
    by_code_map: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    def by_label(self, label: str) -> str | None:
        return self.by_label_map.get(normalise(label))

    def by_code(self, code: str) -> str | None:
        return self.by_code_map.get(code)

    def resolve_labels(self, labels, where: str) -> dict[str, str]:
        """Map every label to its id, or raise one error listing all unknown labels."""
        out, unknown = {}, []
        for lab in dict.fromkeys(labels):
            sid = self.by_label(lab)
            if sid is None:
                unknown.append(lab)
            else:
                out[lab] = sid
        if unknown:
            raise InputError(
                f"{len(unknown)} specialty label(s) are not in the crosswalk: " + "; ".join(repr(u) for u in unknown),
                where=where,
                todo=f"add each label to the `labels` of the right specialty in {SPECIALTIES_CSV} "
                     "(or a new row with a new specialty_id), then run the pipeline again")
        return out

    def resolve_codes(self, codes, where: str) -> dict[str, str]:
        out, unknown = {}, []
        for c in dict.fromkeys(codes):
            sid = self.by_code(c)
            if sid is None:
                unknown.append(c)
            else:
                out[c] = sid
        if unknown:
            raise InputError(
                f"{len(unknown)} ACGME specialty code(s) are not in the crosswalk: " + ", ".join(unknown),
                where=where,
                todo=f"add each code to the `acgme_codes` of the right specialty in {SPECIALTIES_CSV}")
        return out

    def search(self, text: str) -> str | None:
        """Resolve what a user typed: a specialty_id, display name or known label."""
        t = normalise(text)
        if t in self.names:
            return t
        for sid, name in self.names.items():
            if normalise(name) == t:
                return sid
        return self.by_label(text)

    def closest(self, text: str, n: int = 5) -> list[str]:
        import difflib

        choices = {normalise(name): sid for sid, name in self.names.items()}
        choices.update({sid: sid for sid in self.names})
        hits = difflib.get_close_matches(normalise(text), list(choices), n=n * 2, cutoff=0.4)
        seen = []
        for h in hits:
            sid = choices[h]
            if sid not in seen:
                seen.append(sid)
        return seen[:n]


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Crosswalk:
    cw = Crosswalk()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        need = {"specialty_id", "display_name", "acgme_codes", "labels"}
        if not need <= set(reader.fieldnames or []):
            raise InputError(f"expected columns {sorted(need)}, found {reader.fieldnames}", where=path,
                             todo="restore the crosswalk from git")
        for line, row in enumerate(reader, start=2):
            sid = (row["specialty_id"] or "").strip()
            if not ID_RE.match(sid):
                raise InputError(f"specialty_id {sid!r} is not lowercase-hyphenated", where=f"{path} line {line}",
                                 todo="use ids like internal-medicine")
            if sid in cw.names:
                raise InputError(f"duplicate specialty_id {sid!r}", where=f"{path} line {line}", todo="merge the rows")
            cw.names[sid] = row["display_name"].strip()
            if (row.get("parent_id") or "").strip():
                cw.parents[sid] = row["parent_id"].strip()
            for code in filter(None, (c.strip() for c in (row["acgme_codes"] or "").split(";"))):
                if code in cw.by_code_map and cw.by_code_map[code] != sid:
                    raise InputError(f"code {code} belongs to both {cw.by_code_map[code]} and {sid}",
                                     where=f"{path} line {line}", todo="a code maps to one specialty")
                cw.by_code_map[code] = sid
            for lab in [row["display_name"], *(row["labels"] or "").split(";")]:
                key = normalise(lab)
                if not key:
                    continue
                if key in cw.by_label_map and cw.by_label_map[key] != sid:
                    raise InputError(f"label {lab!r} belongs to both {cw.by_label_map[key]} and {sid}",
                                     where=f"{path} line {line}", todo="a label maps to one specialty")
                cw.by_label_map[key] = sid
    return cw


def crosswalk() -> Crosswalk:
    return _load(str(SPECIALTIES_CSV), SPECIALTIES_CSV.stat().st_mtime_ns)
