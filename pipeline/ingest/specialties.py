"""The specialty crosswalk (``data/reference/specialties.csv``, tracked in git).

Columns: ``specialty_id`` (lowercase-hyphenated, stable), ``display_name``,
``acgme_codes`` (the 3-digit specialty codes, ``;``-separated; characters 5-7 of
an NRMP program code) and ``labels`` (every label variant seen in the sources,
``;``-separated; matching ignores case and repeated spaces). Optional column
``parent_id`` names the core specialty of a subspecialty.

The crosswalk knows history: every specialty code used in Main Residency Match program codes
since 2010 that the project has seen, retired ones included. Optional columns: ``retired`` (the
last Match year a program printed the code, blank while in use), ``note`` (why a retired track
keeps an id of its own or maps to its successor; what is unsure) and ``citation`` (the NRMP or
ACGME page or report the code's meaning rests on; where none was found, the note says so).
A code not in the crosswalk whose program lines print one of its labels is read by that name
(see ``resolve_by_name``), and the run says so.

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
    retired: dict[str, int] = field(default_factory=dict)  # id -> last Match year its code was printed
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

    def resolve_by_name(self, names) -> str | None:
        """The one specialty that program names printed with an unknown code name: each name must be a label
        of the same specialty (case and spaces aside; a name with more in it, "Plastic Surgery/Research", is
        not guessed at); None when any is not a label or they name different specialties."""
        found = set()
        for name in names:
            sid = self.by_label(name)
            if sid is None:
                return None
            found.add(sid)
        return found.pop() if len(found) == 1 else None

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
        """The specialty a name clearly means: the one whose name the typed words begin ("family"; never when
        they begin several: "neuro"), or a misspelling's best match (similarity >= GUESS_MIN, GUESS_MARGIN ahead
        of the next specialty); else None (and None for a fellowship)."""
        if looks_like_path(text) or fellowship(text) is not None:
            return None
        words = word_match(self, text)  # "family", "vascular": the words typed begin one specialty's name
        if words or len(squash(text)) < 4:
            return words[0] if len(words) == 1 else None
        ranked = self.similar(text)
        if not ranked:
            return None
        top = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        return top[1] if top[0] >= GUESS_MIN and top[0] - second >= GUESS_MARGIN else None

    def closest(self, text: str, n: int = 5) -> list[str]:
        """Up to ``n`` specialty_ids for ``text``, best first (``suggest``); none for a fellowship."""
        return [] if fellowship(text) is not None else suggest(self, text, n)


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
            retired = (row.get("retired") or "").strip()
            if retired:
                if not re.fullmatch(r"(19|20)\d\d", retired):
                    raise InputError(f"retired {retired!r} is not a year", where=f"{path} line {line}",
                                     todo="give the last Match year a program printed the code, or leave it empty")
                cw.retired[sid] = int(retired)
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


# -- names people type: one lookup with its verdict, and ranked suggestions -------------------------------
#
# ``lookup(text)`` says what a typed name is, and how sure that is:
#   exact      a specialty_id, display name, label or alias (``search``);
#   word       the words typed begin the words of one specialty's name ("family", "family med", "vascular");
#              combined programs that contain it ("Family Medicine/Preventive Medicine") do not make it
#              ambiguous;
#   ambiguous  they begin the names of several specialties ("neuro": Neurology, Neurological Surgery, ...):
#              never resolved by a guess, every candidate listed, most similar first;
#   fellowship a subspecialty (data/reference/fellowships.csv: "cardiology", "GI", "hem/onc"): not in the
#              Main Residency Match; most fellowships match in NRMP's Specialties Matching Service;
#   guess      a misspelling with one clear best match (``best_guess``), said as such;
#   unknown    none of these; ``suggestions`` ranked: names whose words the text begins first, then by
#              similarity (difflib), and only names that share a run of letters with it ("asdfgh": none).

FELLOWSHIPS_CSV = SPECIALTIES_CSV.parent / "fellowships.csv"
SUGGEST_MIN, SUGGEST_BLOCK = 0.5, 3  # a suggestion by similarity: ratio at least this, a common run of 3 letters
SMS = "fellowships match in NRMP's Specialties Matching Service (SMS), after residency, not in the Main Residency Match"
# names that resolve with a note (squashed alias prefix -> note)
ALIAS_NOTES = {
    "prelim": "preliminary positions (one year, program type P) are listed under the specialty in NRMP's tables; "
              "the figures shown are for the whole specialty, categorical and preliminary positions together",
}


@dataclass(frozen=True)
class Fellowship:
    name: str
    after_id: str  # the core specialty of the residency that comes first


@dataclass
class Lookup:
    text: str
    kind: str  # exact, word, guess, ambiguous, fellowship, unknown
    sid: str | None = None
    note: str = ""
    candidates: list[str] = field(default_factory=list)
    fellowship: Fellowship | None = None
    suggestions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.sid is not None

    def message(self, names: dict[str, str]) -> str:
        """One sentence: what the name was taken for, or why it is not resolved (with the choices)."""
        t = repr(self.text)
        def listed(ids):
            items = [f"{names[s]} ({s})" for s in ids]
            return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
        if self.kind == "exact":
            return f"{t} is {names[self.sid]} ({self.sid})" + (f"; {self.note}" if self.note else "") + "."
        if self.kind in ("word", "guess"):
            return f"Took {t} for {names[self.sid]} ({self.sid})" + (f"; {self.note}" if self.note else "") + "."
        if self.kind == "ambiguous":
            return (f"{t} could mean {len(self.candidates)} specialties: {listed(self.candidates)}; "
                    "it is not resolved by a guess: give one of them.")
        if self.kind == "fellowship":
            f = self.fellowship
            after = names.get(f.after_id, f.after_id)
            text = (f"{t} is a fellowship ({f.name}), not a Main Residency Match specialty: {SMS}. "
                    f"The residency that leads to it is {after} ({f.after_id}).")
            if self.suggestions:
                text += f" Main Residency Match specialties with a similar name: {listed(self.suggestions)}."
            return text
        if self.suggestions:
            return f"unknown specialty {t}; closest matches, most similar first: {listed(self.suggestions)}."
        return f"unknown specialty {t}; no specialty name is close to it."


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", normalise(text).replace("&", " and "))


def _begins(typed: list[str], words: list[str], at_start: bool) -> bool:
    """The typed words begin consecutive words of ``words`` (at its first word only, with ``at_start``)."""
    if not typed or len(typed) > len(words):
        return False
    starts = [0] if at_start else range(len(words) - len(typed) + 1)
    return any(all(words[i + j].startswith(w) for j, w in enumerate(typed)) for i in starts)


def _part_starts(cw: Crosswalk, typed: list[str], anywhere: bool = False) -> dict[str, float]:
    """Specialties one of whose names (display, label, alias; each "/" part of a combined one) begins with
    the typed words (any word, with ``anywhere``), with the best similarity of the text to such a name."""
    import difflib

    t = " ".join(typed)
    out: dict[str, float] = {}
    for sid in cw.names:
        for name in cw.accepted(sid):
            parts = [name, *name.split("/")] if "/" in name else [name]
            for part in parts:
                if _begins(typed, _words(part), at_start=not anywhere):
                    score = difflib.SequenceMatcher(None, t, " ".join(_words(part))).ratio()
                    out[sid] = max(out.get(sid, 0.0), score)
    return out


def _drop_combined(cw: Crosswalk, sids) -> list[str]:
    """Without the combined programs ("A/B") one of whose parts is a name of another of ``sids``."""
    sids = list(sids)
    names = {s: {normalise(n) for n in cw.accepted(s)} for s in sids}
    keep = []
    for s in sids:
        parts = {normalise(p) for p in cw.names[s].split("/")} if "/" in cw.names[s] else set()
        if not any(parts & names[o] for o in sids if o != s):
            keep.append(s)
    return keep


def word_match(cw: Crosswalk, text: str) -> list[str]:
    """The specialties whose names the typed words begin, combined programs containing one of them aside,
    most similar first: one id resolves the name, several make it ambiguous."""
    typed = _words(text)
    if not typed or looks_like_path(text) or len("".join(typed)) < 3:
        return []
    hits = _part_starts(cw, typed)
    keep = _drop_combined(cw, hits)
    return sorted(keep, key=lambda s: (-hits[s], len(cw.names[s]), cw.names[s]))


def _fellowships() -> dict[str, Fellowship]:
    if not FELLOWSHIPS_CSV.exists():
        return {}
    return _load_fellowships(str(FELLOWSHIPS_CSV), FELLOWSHIPS_CSV.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _load_fellowships(path: str, mtime_ns: int) -> dict[str, Fellowship]:
    """Squashed name as typed -> the fellowship (data/reference/fellowships.csv: fellowship, names, after_id)."""
    out: dict[str, Fellowship] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        require_fields(reader.fieldnames, ("fellowship", "names", "after_id"), exact=True, where=path,
                       what=f"expected the columns fellowship, names, after_id, found {reader.fieldnames}",
                       todo="restore the file from git")
        for row in reader:
            fel = Fellowship(row["fellowship"].strip(), row["after_id"].strip())
            for name in [fel.name, *row["names"].split(";")]:
                if squash(name):
                    out[squash(name)] = fel
    return out


def fellowship(text: str) -> Fellowship | None:
    """The fellowship ``text`` names ("cardiology", "GI", "hem/onc"), or None."""
    return _fellowships().get(squash(text)) if not looks_like_path(text) else None


def suggest(cw: Crosswalk, text: str, n: int = 5) -> list[str]:
    """Up to ``n`` specialty_ids for an unknown name, best first: names one of whose words the typed words
    begin (at a name's start first), then the most similar names that share a run of 3 letters with it."""
    import difflib

    if looks_like_path(text) or not squash(text):
        return []
    typed = _words(text)
    first = _part_starts(cw, typed)
    anywhere = _part_starts(cw, typed, anywhere=True)
    ranked = word_match(cw, text)  # the specialties themselves before the combined programs that contain them
    ranked += sorted((s for s in first if s not in ranked), key=lambda s: (-first[s], len(cw.names[s]), cw.names[s]))
    ranked += sorted((s for s in anywhere if s not in first), key=lambda s: (-anywhere[s], len(cw.names[s])))
    t, sq = normalise(text), squash(text)
    for score, sid in cw.similar(text):
        if sid in ranked or score < SUGGEST_MIN:
            continue
        block = max(max((difflib.SequenceMatcher(None, sq, squash(c)).find_longest_match().size
                         for c in cw.accepted(sid)), default=0),
                    difflib.SequenceMatcher(None, t, sid.replace("-", " ")).find_longest_match().size)
        if block >= SUGGEST_BLOCK:
            ranked.append(sid)
    return ranked[:n]


def _note(text: str) -> str:
    sq = squash(text)
    return next((note for key, note in ALIAS_NOTES.items() if key in sq), "")


def lookup(text: str, cw: Crosswalk | None = None) -> Lookup:
    """What a typed specialty name is (see the comment above): resolved, ambiguous, a fellowship or unknown."""
    cw = cw or crosswalk()
    text = str(text)
    sid = cw.search(text)
    if sid is not None:
        return Lookup(text, "exact", sid, note=_note(text))
    fel = fellowship(text)
    if fel is not None:
        near = _part_starts(cw, _words(text), anywhere=True)
        return Lookup(text, "fellowship", fellowship=fel, suggestions=[s for s in _drop_combined(cw, near)
                                                                        if s != fel.after_id][:3])
    words = word_match(cw, text)
    if len(words) == 1:
        return Lookup(text, "word", words[0], note=_note(text))
    if len(words) > 1:
        return Lookup(text, "ambiguous", candidates=words)
    guess = cw.best_guess(text)
    if guess is not None:
        return Lookup(text, "guess", guess, note=_note(text))
    return Lookup(text, "unknown", suggestions=suggest(cw, text))
