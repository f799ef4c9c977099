"""The specialty crosswalk (``data/reference/specialties.csv``, tracked in git).

Columns: ``specialty_id`` (lowercase-hyphenated, stable), ``display_name``,
``acgme_codes`` (the 3-digit specialty codes, ``;``-separated; characters 5-7 of
an NRMP program code) and ``labels`` (every label variant seen in the sources,
``;``-separated; matching ignores case and repeated spaces). Optional column
``parent_id`` names the core specialty of a subspecialty.

Harmonisation is data: an unknown label or code is an error that lists every
unknown one, never a silent "Other".

``data/reference/specialty_aliases.csv`` (``alias``, ``specialty_id``) holds the names
people type — IM, FM, Peds, OB/GYN, Psych, ENT, PM&R, Rad Onc, ... They resolve what a
user asks for (``search``), never a label of a source file, so they change no table.
A name that is none of these resolves to the one specialty it clearly resembles most
(``best_guess``); otherwise the closest ones are suggested, most similar first.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.config import SPECIALTIES_CSV, SPECIALTY_ALIASES_CSV
from pipeline.errors import InputError, require_fields

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normalise(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip().casefold()


def squash(text: str) -> str:
    """Letters and digits only, "&" as "and": "OB/GYN", "ob-gyn" and "OB GYN" are all "obgyn"."""
    return re.sub(r"[^0-9a-z]", "", normalise(text).replace("&", "and"))


def looks_like_path(text: str) -> bool:
    """Text shaped like a file path ("../x", "/tmp/x", "x.html"): never resolved loosely (punctuation aside, or
    as a misspelling), only when it is exactly a name."""
    t = text.strip()
    return (".." in t or "\x00" in t or "\\" in t or t.startswith(("/", "~"))
            or re.search(r"\.[A-Za-z0-9]+$", t) is not None)


GUESS_MIN, GUESS_MARGIN = 0.88, 0.15 # a misspelling resolves when its best match scores this and leads by this


@dataclass
class Crosswalk:
    names: dict[str, str] = field(default_factory=dict)  # id -> display name
    by_label_map: dict[str, str] = field(default_factory=dict)
    by_code_map: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    label_text: dict[str, str] = field(default_factory=dict)  # label as written -> id
    aliases: dict[str, str] = field(default_factory=dict)  # squashed alias -> id (specialty_aliases.csv)
    alias_text: dict[str, list[str]] = field(default_factory=dict)  # id -> aliases as written

    def by_label(self, label: str) -> str | None:
        return self.by_label_map.get(normalise(label))

    def by_code(self, code: str) -> str | None:
        return self.by_code_map.get(code)

    @staticmethod
    def _resolve(items, lookup) -> tuple[dict[str, str], list[str]]:
        """Each distinct item mapped by ``lookup`` to its id, and the items it does not know."""
        found = {item: lookup(item) for item in dict.fromkeys(items)}
        return {k: v for k, v in found.items() if v is not None}, [k for k, v in found.items() if v is None]

    def resolve_labels(self, labels, where: str) -> dict[str, str]:
        """Map every label to its id, or raise one error listing all unknown labels."""
        out, unknown = self._resolve(labels, self.by_label)
        if unknown:
            raise InputError(
                f"{len(unknown)} specialty label(s) are not in the crosswalk: " + "; ".join(repr(u) for u in unknown),
                where=where,
                todo=f"add each label to the `labels` of the right specialty in {SPECIALTIES_CSV} "
                     "(or a new row with a new specialty_id), then run the pipeline again")
        return out

    def resolve_codes(self, codes, where: str) -> dict[str, str]:
        """Map every ACGME code to its id, or raise one error listing all unknown codes."""
        out, unknown = self._resolve(codes, self.by_code)
        if unknown:
            raise InputError(
                f"{len(unknown)} ACGME specialty code(s) are not in the crosswalk: " + ", ".join(unknown),
                where=where,
                todo=f"add each code to the `acgme_codes` of the right specialty in {SPECIALTIES_CSV}")
        return out

    def search(self, text: str) -> str | None:
        """Resolve what a user typed: a specialty_id, display name, known label or alias (case, spaces and
        punctuation aside: "OB/GYN", "obgyn")."""
        t = normalise(text)
        if t in self.names:
            return t
        for sid, name in self.names.items():
            if normalise(name) == t:
                return sid
        hit = self.by_label(text)
        if hit is not None:
            return hit
        sq = squash(text)
        if not sq or looks_like_path(text):
            return None
        if sq in self.aliases:
            return self.aliases[sq]
        for sid, name in self.names.items():
            if squash(name) == sq or squash(sid) == sq:
                return sid
        for label, sid in self.by_label_map.items():
            if squash(label) == sq:
                return sid
        return None

    def accepted(self, sid: str) -> list[str]:
        """Every name that resolves to ``sid``: display name, labels, aliases (as written)."""
        names = [self.names[sid]]
        names += [lab for lab, s in self.label_text.items() if s == sid]
        names += self.alias_text.get(sid, [])
        return list(dict.fromkeys(n for n in names if n))

    def similar(self, text: str) -> list[tuple[float, str]]:
        """(similarity, specialty_id) of every specialty, most similar first: the best ratio (difflib) of
        ``text`` to any of its names, labels, aliases or its id."""
        import difflib

        t = normalise(text)
        sq = squash(text)
        best: dict[str, float] = {}
        candidates = [(normalise(n), sid) for sid in self.names for n in self.accepted(sid)]
        candidates += [(sid.replace("-", " "), sid) for sid in self.names]
        for cand, sid in candidates:
            score = difflib.SequenceMatcher(None, t, cand).ratio()
            if sq and len(sq) >= 4:  # "internalmedecine" vs "internalmedicine": punctuation and spaces aside
                score = max(score, difflib.SequenceMatcher(None, sq, squash(cand)).ratio())
            if score > best.get(sid, 0.0):
                best[sid] = score
        return sorted(((v, k) for k, v in best.items()), key=lambda x: (-x[0], self.names[x[1]]))

    def best_guess(self, text: str) -> str | None:
        """The specialty a misspelled name clearly means (best similarity >= GUESS_MIN, GUESS_MARGIN ahead of
        the next specialty), else None."""
        if looks_like_path(text) or len(squash(text)) < 4:
            return None
        ranked = self.similar(text)
        if not ranked:
            return None
        top = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        return top[1] if top[0] >= GUESS_MIN and top[0] - second >= GUESS_MARGIN else None

    def closest(self, text: str, n: int = 5, cutoff: float = 0.4) -> list[str]:
        """Up to ``n`` specialty_ids most similar to ``text`` (similarity at least ``cutoff``), best first."""
        return [sid for score, sid in self.similar(text) if score >= cutoff][:n]


@lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Crosswalk:
    cw = Crosswalk()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        need = {"specialty_id", "display_name", "acgme_codes", "labels"}
        require_fields(reader.fieldnames, need, what=f"expected columns {sorted(need)}, found {reader.fieldnames}",
                       where=path, todo="restore the crosswalk from git")
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
                cw.label_text.setdefault(lab.strip(), sid)
                if key in cw.by_label_map and cw.by_label_map[key] != sid:
                    raise InputError(f"label {lab!r} belongs to both {cw.by_label_map[key]} and {sid}",
                                     where=f"{path} line {line}", todo="a label maps to one specialty")
                cw.by_label_map[key] = sid
    return cw


def _load_aliases(cw: Crosswalk, path) -> None:
    if not path.exists():
        return
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        require_fields(reader.fieldnames, ("alias", "specialty_id"), exact=True, where=str(path),
                       what=f"expected the columns alias, specialty_id, found {reader.fieldnames}",
                       todo="restore the file from git")
        for line, row in enumerate(reader, start=2):
            alias, sid = (row["alias"] or "").strip(), (row["specialty_id"] or "").strip()
            if sid not in cw.names:
                raise InputError(f"alias {alias!r} names specialty_id {sid!r}, which is not in the crosswalk",
                                 where=f"{path} line {line}", todo=f"use an id of {SPECIALTIES_CSV.name}")
            key = squash(alias)
            other = cw.aliases.get(key) or cw.by_label(alias)
            if not key or (other is not None and other != sid):
                raise InputError(f"alias {alias!r} is empty or already means {other!r}", where=f"{path} line {line}",
                                 todo="an alias names one specialty")
            cw.aliases[key] = sid
            cw.alias_text.setdefault(sid, []).append(alias)


@lru_cache(maxsize=4)
def _load_all(path: str, mtime_ns: int, aliases: str, aliases_mtime_ns: int) -> Crosswalk:
    import copy
    from pathlib import Path

    cw = copy.deepcopy(_load(path, mtime_ns))
    _load_aliases(cw, Path(aliases))
    return cw


def crosswalk() -> Crosswalk:
    al = SPECIALTY_ALIASES_CSV
    return _load_all(str(SPECIALTIES_CSV), SPECIALTIES_CSV.stat().st_mtime_ns, str(al),
                     al.stat().st_mtime_ns if al.exists() else 0)
