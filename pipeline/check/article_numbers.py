"""Numbers and their context for `matchstats check ARTICLE` (the reading rules are ``pipeline.check.article``).

The vocabulary (``vocabulary.yml``, compiled into phrase matchers), the :class:`Figure` of every number in the
text, what kind of number it is (rule 1 of ``pipeline.check.article``: phone numbers, dates, times, names,
years, money, ranges, multiples, percentages and counts with their precision), and the units a number is read
in: sentences, headings, table cells (with their column header, row and caption) and list items (with their
lead-in) and the clause of a sentence a number stands in. What a figure counts: ``pipeline.check.article_nouns``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from pipeline.check.claims import Stated, parse_stated
from pipeline.check.article_patterns import CLAUSE_RE, COMPARED_RE, INSTITUTION_AFTER, INSTITUTION_BEFORE, sentences  # noqa: F401
from pipeline.check.document import BLOCK_GAP, Block, Document, quote  # noqa: F401 (quote: used from here)

VOCABULARY = Path(__file__).with_name("vocabulary.yml")
STATISTIC = "statistic"
COMPARISON_RE = re.compile(r"(?i)\W*(?:for|by|in) comparison\b|\W*compare(?:d)?\b")
COMPARED_LEAD_IN = "lead-in of the list compared with"  # gives a measure, never a year
OWN_YEAR_RE = re.compile(r"(?i)\b(?:graduated|YOG|graduation\s+year|born|founded|established)\s*(?:in\s+)?\Z")
NRMP_NAME = re.compile(r"(?i)\bNational\s+Resident\s+Matching\s+Program\b")  # read as "NRMP": "Matching" is no cue
FIGURE_KINDS = (STATISTIC, "range", "multiple", "ratio", "money")  # the rest (years, dates, names) are not figures
REASONS = {"year": "a year (it dates the figures near it)", "date": "a date", "time": "a time of day",
           "phone number": "a phone number", "money": "an amount of money: no metric for it",
           "range": "a range: no metric for it", "multiple": "a multiple ('3x'): no metric for it",
           "ratio": "a ratio ('1 in 4'): no metric for it"}


# ---------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: object
    text: str


def _phrase_re(p: str) -> tuple[str, bool]:
    cs = p.startswith("=")
    p = p[1:] if cs else p
    toks = [t for t in re.split(r"[\s\-\u2010\u2011\u2013]+", p) if t]
    out = ""
    for i, t in enumerate(toks):
        if i:
            out += r"[\s\-\u2010\u2011\u2013]*" if toks[i - 1].endswith(".") else r"[\s\-\u2010\u2011\u2013]+"
        out += re.escape(t).replace(r"\.", r"\.?").replace("'", "['\u2019]").replace(  # a combined specialty's
            "/", r"\s*[/\-\u2010\u2011\u2013\u2014]\s*")  # slash also as a dash: "internal medicine–psychiatry"
    if re.match(r"\w", p):
        out = r"(?<![\w])" + out
    if re.search(r"\w$", p):
        out += r"(?:s|es|['\u2019]s|s['\u2019])?(?![\w])"
    return out, cs


def _key(word: str) -> str:
    """What a phrase (or the text at a word start) is indexed by: its first two letters or digits, lower case,
    dots ignored ("U.S." and "US": "us"); a symbol indexes itself."""
    t = "".join(c for c in re.split(r"['\u2019]", word.lower())[0] if c.isalnum())[:2]  # "I'd": as the text's "I"
    return t or word[:1]


_WORD_AT = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")


def word_starts(text: str) -> list[tuple[int, str]]:
    return [(m.start(), _key(m.group())) for m in _WORD_AT.finditer(text)]


class Phrases:
    """Phrases by value; find() gives the non-overlapping mentions, the longest first. Each phrase's regular
    expression is tried only where a word starts with its first letters."""

    def __init__(self, by_value: dict, plural: bool = True):
        self.index: dict[str, list] = {}
        for value, phrases in by_value.items():
            for p in set(phrases):
                rx, sensitive = _phrase_re(p)
                if not plural:
                    rx = rx.replace(r"(?:s|es|['\u2019]s|s['\u2019])?", "")
                first = re.split(r"[\s\-\u2010\u2011]+", p.lstrip("="))[0]
                first = first if first[:1].isalnum() else first[:1]
                self.index.setdefault(_key(first), []).append((value, re.compile(rx, 0 if sensitive else re.I)))

    def find(self, text: str, starts: list | None = None) -> list[Mention]:
        """``starts``: word_starts(text), when several phrase sets read the same text."""
        hits = []
        symbols = {k for k in self.index if not k[:1].isalnum()}
        starts = list(word_starts(text) if starts is None else starts)
        if symbols:
            starts += [(i, c) for i, c in enumerate(text) if c in symbols]
        for pos, key in starts:
            for value, rx in self.index.get(key, ()):
                m = rx.match(text, pos)
                if m and m.end() > pos:
                    hits.append(Mention(pos, m.end(), value, m.group()))
        hits.sort(key=lambda h: (-(h.end - h.start), h.start))
        taken = bytearray(len(text) + 1)
        out = []
        for h in hits:
            if not any(taken[h.start:h.end]):
                taken[h.start:h.end] = b"\x01" * (h.end - h.start)
                out.append(h)
        return sorted(out, key=lambda h: h.start)


@dataclass
class Vocabulary:
    raw: dict
    sets: dict  # category -> Phrases
    names: list  # (compiled regex, reason)
    topics: list  # reasons, by index (the not_checked entries)


@lru_cache(maxsize=2)
def _vocabulary(path: str, stamps: tuple) -> Vocabulary:
    import yaml

    from pipeline.ingest.specialties import crosswalk

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    cw = crosswalk()
    spec: dict = {}
    for label, sid in cw.by_label_map.items():
        spec.setdefault(sid, []).append(label)
    for sid, name in cw.names.items():
        spec.setdefault(sid, []).append(name)
    for sid, aliases in (raw.get("specialty_aliases") or {}).items():
        spec.setdefault(sid, []).extend(aliases)
    # the crosswalk's aliases (data/reference/specialty_aliases.csv, when there): short capitals only in
    # capitals ("IM", not "im"), and not those that are ordinary words in prose ("Medicine", "Gas")
    ignored = {a.casefold() for a in raw.get("crosswalk_aliases_ignored") or ()}
    for sid, aliases in (getattr(cw, "alias_text", None) or {}).items():
        for a in aliases:
            if a.casefold() in ignored or sid not in cw.names:
                continue
            letters = re.sub(r"[^A-Za-z]", "", a)
            spec.setdefault(sid, []).append("=" + a if letters.isupper() and len(letters) <= 3 else a)
    spec = {k: v + [n.replace(" and ", " & ") for n in v if " and " in n] for k, v in spec.items()}  # ("PM & R")
    nouns = {k: v for k, v in raw["nouns"].items() if k != "other"}
    nouns.update({f"other:{k}": v for k, v in raw["nouns"]["other"].items()})
    topics = [t["reason"] for t in raw["not_checked"]]
    sets = {
        "group": Phrases(raw["groups"]),
        "specialty": Phrases(spec, plural=False),
        "level": Phrases(raw["position_levels"]),
        "program_type": Phrases(raw["program_types"], plural=False),
        # a state named anywhere, also by its USPS code in capitals (not the codes that are words or degrees)
        "state_name": Phrases({code: [name] + ([] if code in ("MD", "IN", "OR", "ME", "OK", "HI", "DE", "ID", "PR")
                                              else ["=" + code]) for code, name in raw["states"].items()},
                              plural=False),
        "state": Phrases({code: [f"in {name}", f"in the state of {name}"] for code, name in raw["states"].items()},
                         plural=False),
        "noun": Phrases(nouns),
        "topic": Phrases({i: t["words"] for i, t in enumerate(raw["not_checked"])}),
        "anaphora": Phrases({1: raw["anaphora"]}, plural=False),
    }
    for key in ("advice", "advice_after", "bounds", "approximate", "change_after", "change_before", "change_verbs"):
        sets[key] = Phrases({key: raw[key]}, plural=False)
    sets.update({f"cue:{k}": Phrases({k: v}) for k, v in raw["cues"].items()})
    names = [(re.compile(rx), reason) for rx, reason in raw["names"]]
    return Vocabulary(raw, sets, names, topics)


def vocabulary() -> Vocabulary:
    from pipeline.config import REFERENCE_DIR

    stamps = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in
                   (VOCABULARY, REFERENCE_DIR / "specialties.csv", REFERENCE_DIR / "specialty_aliases.csv"))
    return _vocabulary(str(VOCABULARY), stamps)


# ---------------------------------------------------------------- figures

@dataclass
class Dim:
    value: object
    source: str  # how it was inferred: the words, "earlier sentence: ...", "default: ..."


@dataclass
class Figure:
    number: int
    start: int
    end: int
    stated: str  # as written
    kind: str  # statistic, year, date, phone number, ...
    sentence: str = ""
    sent_span: tuple = (0, 0)
    unit: str = ""  # percent, count, score, number
    value: Fraction | None = None
    decimals: int = 0
    metric: str | None = None
    dims: dict = field(default_factory=dict)  # name -> Dim
    reason: str = ""  # why it is not checked
    role: str = ""  # "bound" (listed with the data's value, not judged)
    notes: list = field(default_factory=list)  # about the reading
    metric_from: str = ""  # the words the metric was read from
    whole_of: object = None  # the Figure this one is the whole of ("A out of B": B)
    share_of: object = None  # the share this one is the part of ("C% (A of B)": A)
    all_levels: bool = False  # the text says "all position levels": no one level, and none is as plausible
    unsure: object = None  # article_certainty.Unsure: a reading with a dimension the text does not give
    alternatives: dict = field(default_factory=dict)  # dimension -> other values the text names near the figure
    approximate: str = ""  # "about", "roughly": the word that says the figure is approximate (listed, not judged)
    hedge: str = ""  # "about 13.7": the word, when the digits may be exact (approximate if the data hold more)
    narrower: str = ""
    title_state: str = ""  # the one state the text's title names (its other readings may be that state's)
    other_reading: tuple = ()  # (dimension, value, Result) of the other reading the data confirm, when one does
    like: object = None  # the Figure whose reading this one repeats ("DO seniors at 92.6%" after "93.5%")  # a national count in a paragraph about something narrower: what it names (a state, ...)
    ctx: object = field(default=None, repr=False)  # the Unit it was read in
    result: object = None  # the Checker's Result, set by the check
    verdict: str = ""
    data_value: str = ""
    data_year: int | None = None
    note: str = ""

    @property
    def stated_value(self) -> Stated | None:
        if self.value is None:
            return None
        return Stated(self.stated, self.value, self.decimals, self.unit == "percent")


@dataclass
class Unit:
    """A sentence, heading or table cell: what the rules read a number in."""

    start: int
    end: int
    block: int
    kind: str  # sentence, heading, cell
    index: int = 0  # sentence number within its block
    extra: list = field(default_factory=list)  # (label, start, end): column header, row, caption


NUM_RE = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
PHONE_RE = re.compile(r"(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.\-])\d{3}[\s.\-]\d{4}\b")
MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE_RE = re.compile(rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|"
                     rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                     rf"{MONTHS}(?:,?\s+\d{{4}})?|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
                     rf"\b{MONTHS}\s+\d{{4}}\b")
TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.m\.", re.I)
PCT_RE = re.compile(r"\s?%|\s?(?:percent|per\s?cent)\b|-percent\b", re.I)
MAG_RE = re.compile(r"\s?(k|K)\b|\s(thousand|million|billion)\b")
# a figure after these is the other side of a comparison: a year right after it dates only it
PERCENT_HEADER_RE = re.compile(r"(?i)\(\s*%\s*\)|\bin\s+%|%\s*$|\bper\s?cent(?:age)?\b|\brate\b|\bshare\b")
STOP = {"of", "out", "among", "in", "who", "that", "which", "were", "was", "are", "is", "to", "from", "for", "with",
        "by", "and", "or", "than", "at", "on", "as", "had", "have", "has"}
AT = ("all_applicants", "us_md_senior", "us_do_senior", "us_img", "non_us_img")
IMG_GROUPS = ("img", "us_img", "non_us_img")
SHARE = {"img": "img_share_pct", "us_img": "us_img_share_pct", "non_us_img": "non_us_img_share_pct"}
FILLED = {"img": "img_filled", "us_img": "us_img_filled", "non_us_img": "non_us_img_filled",  # positions filled, by
          "us_md_senior": "us_md_senior_filled", "us_do_senior": "us_do_senior_filled"}  # group



class Reader:
    """Reads one document: its units, mentions and figures."""

    def __init__(self, doc: Document):
        self.doc, self.v, self.m = doc, vocabulary(), NRMP_NAME.sub(lambda x: "NRMP".ljust(len(x[0])), doc.one_line_mask)
        starts = word_starts(self.m)
        self.mentions = {k: ps.find(self.m, starts) for k, ps in self.v.sets.items()}
        for k in ("state", "state_name"):  # "the University of Michigan's hospitals": an institution, not the state
            self.mentions[k] = [x for x in self.mentions[k] if not INSTITUTION_AFTER.match(self.m, x.end) and not (
                k == "state_name" and INSTITUTION_BEFORE.search(self.m[max(0, x.start - 30):x.start]))]
        spec = {i for x in self.mentions["specialty"] for i in range(x.start, x.end)}  # "Transitional year" has no
        self.mentions["noun"] = [x for x in self.mentions["noun"] if x.start not in spec and not (  # duration, and
            x.value == "other:states" and re.search(r"(?i)\bunited\s+\Z", self.m[max(0, x.start - 8):x.start]))]
        # "United States" is the country, not states
        ends = {x.end for x in self.mentions["group"]}  # "U.S.-citizen international medical graduates (IMGs)": the
        self.mentions["group"] = [x for x in self.mentions["group"] if not (  # brackets abbreviate the group before
            re.fullmatch(r"\s?\(", self.m[x.start - 2:x.start].lstrip()) and {x.start - 2, x.start - 1} & ends)]
        self._starts = {k: [x.start for x in v] for k, v in self.mentions.items()}
        self.units: list[Unit] = []
        self.block_units: dict[int, list[Unit]] = {}
        for bi, b in enumerate(doc.blocks):
            self.block_units[bi] = us = self._units(bi, b)
            self.units += us
        self.years = []  # Mention(value=int); span years have value None
        self._year_starts: list[int] = []
        self.figures: list[Figure] = []
        self._by_unit: dict[int, list] = {}
        self.attached: set = set()

    def _units(self, bi: int, b: Block) -> list[Unit]:
        if b.kind == "table":
            out = []
            header = b.rows[0] if b.header and b.rows else None
            cap = self._caption(bi)
            for ri, row in enumerate(b.rows):
                for ci, (s, e) in enumerate(row):
                    extra = []
                    if header is not None and ri >= b.header_rows and ci > 0:
                        extra += [("column header", *c) for c in b.column_headers(ci)]
                    if ci > 0 and row:  # the row's labels (its first cell, any cell of words before it) and the
                        extra += [("row", *c) for k, c in enumerate(row[:ci])  # labels' header ("Group (2024)")
                                  if k == 0 or re.search(r"[A-Za-z]{2}", self.m[c[0]:c[1]])
                                  or re.fullmatch(r"\s*(?:19|20)\d\d\s*", self.m[c[0]:c[1]])] + \
                            ([("row header", *header[0])] if header and ri >= b.header_rows else [])
                    out.append(Unit(s, e, bi, "cell", ri, extra + ([("table caption", *cap)] if cap else [])))
            return out
        if b.kind == "heading":
            return [Unit(b.start, b.end, bi, "heading")]
        extra = []
        if b.kind == "item":
            parent = self._parent_item(bi)
            if parent:  # "- Preliminary surgery, 2024: 52.3%" / "  - 2025: 56.4%": the sub-item's lead-in is its parent
                extra.append(("parent item", *parent))
            cap = self._caption(bi)
            if cap:
                extra.append(("list lead-in", *cap))
            # "For comparison:" introduces a list of the same measure as the list before: its lead-in names it
            # (the year excepted: that is what is compared)
            j = cap and next(k for k in range(bi - 1, -1, -1) if self.doc.blocks[k].start == cap[0])
            if cap and COMPARISON_RE.match(self.m[cap[0]:cap[1]]) and j > 0 and self.doc.blocks[j - 1].kind == "item":
                before = self._caption(j - 1)
                if before:
                    extra.append((COMPARED_LEAD_IN, *before))
        spans = sentences(self.m, b.start, b.end, self.doc.mask)
        out = []
        for i, (s, e) in enumerate(spans):
            more = list(extra)
            # "**How many IMGs in family medicine?** 1,427 of the 4,552 positions filled.": the question is the
            # answer's lead-in
            if i > 0 and self.m[spans[i - 1][0]:spans[i - 1][1]].rstrip(" *_").endswith("?"):
                more.append(("question", *spans[i - 1]))
            out.append(Unit(s, e, bi, "sentence", i, more))
        return out

    def _parent_item(self, bi: int):
        """The item a sub-item is indented under (the nearest earlier item of a smaller indent), else None."""
        blocks, level, j = self.doc.blocks, self.doc.blocks[bi].level, bi - 1
        while level and j >= 0 and blocks[j].kind == "item":
            if blocks[j].level < level:
                return blocks[j].start, blocks[j].end
            j -= 1
        return None

    def _caption(self, bi: int):
        """The heading or paragraph just before a table (or the list item it is indented under), or before a list
        (skipping the list's earlier items; a paragraph must end with a colon, or be one bold line, to introduce a
        list: "PGY-1 match rates in 2025:")."""
        blocks, j, item = self.doc.blocks, bi - 1, self.doc.blocks[bi].kind == "item"
        while j >= 0 and blocks[j].kind == "item" and item:
            j -= 1
        text = self.doc.text[blocks[j].start:blocks[j].end].strip() if j >= 0 else ""
        if j >= 0 and (blocks[j].kind == "heading" or blocks[j].kind == "paragraph"
                       and (not item or text.endswith(":") or re.fullmatch(r"\W*(\*\*|__)[^*_]+\1\W*", text))
                       or blocks[j].kind == "item" and blocks[bi].kind == "table"):
            # ("**Internal medicine, 2025 Match**" over a list; "7. **Selected specialties in Illinois (PGY-1).**"
            # over the table indented under it)
            return blocks[j].start, blocks[j].end
        return None

    # -- mentions

    def find(self, cat: str, lo: int, hi: int) -> list[Mention]:
        xs, i, out = self.mentions[cat], bisect.bisect_left(self._starts[cat], lo), []
        while i < len(xs) and xs[i].start < hi:
            if xs[i].end <= hi:
                out.append(xs[i])
            i += 1
        return out

    def nearest(self, cat: str, lo: int, hi: int, f: Figure, pred=None) -> Mention | None:
        """The mention of a category in [lo, hi) nearest the figure (before it on a tie)."""
        hits = [x for x in self.find(cat, lo, hi) if pred is None or pred(x)]
        if not hits:
            return None
        return min(hits, key=lambda x: (x.start - f.end, 1) if x.start >= f.end else (f.start - x.end, 0))

    def words(self, start: int, end: int, around: int = 2, lo: int = 0, hi: int | None = None) -> str:
        """The mention with up to ``around`` words either side, within [lo, hi)."""
        hi = len(self.m) if hi is None else hi
        a, b = start, end
        if around:
            m = re.search(r"(?:\S+\s+){0,%d}\Z" % around, self.m[max(lo, start - 60):start])
            a = start - len(m.group()) if m else start
            m = re.match(r"(?:\s*\S+){0,%d}" % around, self.m[end:min(hi, end + 60)])
            b = end + (len(m.group()) if m else 0)
        return " ".join(self.m[a:b].split()).strip(" ,;:()")

    def excerpt(self, start: int, end: int, n: int = 60) -> str:
        t = " ".join(self.m[start:end].replace(BLOCK_GAP, " ").split())
        return t if len(t) <= n else t[: n - 1].rstrip() + "\u2026"

    # -- reading

    def read(self) -> list[Figure]:
        spans = sorted(self._special_spans())
        span_starts = [x[0] for x in spans]
        # a cell an HTML rowspan repeats is a unit of every row it spans: a number is read once, in its first row
        units = sorted({u.start: u for u in reversed(self.units)}.values(), key=lambda u: u.start)
        unit_starts = [u.start for u in units]
        done = set()
        for mt in NUM_RE.finditer(self.m):
            s, e = mt.start(), mt.end()
            ui = bisect.bisect_right(unit_starts, s) - 1
            unit = units[ui] if ui >= 0 and units[ui].start <= s < units[ui].end else None
            if unit is None:
                continue
            k = bisect.bisect_right(span_starts, s) - 1
            sp = spans[k] if k >= 0 and spans[k][0] <= s < spans[k][1] else None
            if sp is None:
                self._classify(s, e, unit)
            elif sp not in done:
                done.add(sp)
                if sp[3] is not None:  # the year of a date
                    ys, ye = sp[3]
                    self.years.append(Mention(ys, ye, int(self.m[ys:ye]), self.m[sp[0]:sp[1]]))
                kind = sp[2] if sp[2] in ("phone number", "date", "time") else "name"
                self._figure(sp[0], min(sp[1], unit.end), kind, unit, reason=sp[2])
        self.years.sort(key=lambda y: y.start)
        self._year_starts = [y.start for y in self.years]
        for f in self.figures:
            self._by_unit.setdefault(id(f.ctx), []).append(f)
            self._percent_column(f)
        self._fig_starts = [f.start for f in self.figures]
        self.attached = {y.start for y in self.years if self._attached(y)}
        return self.figures

    def _percent_column(self, f: Figure) -> None:
        """A number in a column headed as percentages ("IMG share of filled (%)") is a percentage (a sentence's label
        is read in ``_classify``)."""
        u = f.ctx
        if f.kind != STATISTIC or f.unit not in ("count", "number") or u is None or f.value is None or f.value > 100:
            return
        if u.kind != "cell":
            return
        head = next((self.m[a:b] for label, a, b in u.extra if label == "column header"), "")
        cap = next((self.m[a:b] for label, a, b in u.extra if label == "table caption"), "")  # "Match rate (%)" over
        # a caption "IMGs' share of PGY-1 positions filled (%)" over columns of years or states (not of counts)
        counts = re.search(r"(?i)\b(?:positions|applicants|number|count|n|filled|matched|programs|offered)\b", head)
        if (PERCENT_HEADER_RE.search(head) or not counts and re.search(r"\(\s*%\s*\)|\bin\s+%|\bper\s?cent", cap)) \
                and re.fullmatch(r"\s*[\d.,]+\s*", self.m[u.start:u.end]):
            f.unit = "percent"

    def years_in(self, lo: int, hi: int, free: bool = False) -> list[Mention]:
        """Year mentions in [lo, hi); ``free``: not those attached to a figure ("67.0% in 2024")."""
        i = bisect.bisect_left(self._year_starts, lo)
        out = []
        while i < len(self.years) and self.years[i].start < hi:
            if not (free and self.years[i].start in self.attached):
                out.append(self.years[i])
            i += 1
        return out

    def unit_figures(self, f: Figure) -> list[Figure]:
        """The figures of f's sentence (or cell), in order."""
        return self._by_unit.get(id(f.ctx), [])

    def _attached(self, y: Mention) -> bool:
        """A year that dates only the figure of a change or comparison: "up from 67.0% in 2024", "the 80.2% of 2024"."""
        before = self.m[max(0, y.start - 30):y.start]
        return bool(re.search(r"\d%?\s?(?:percent\s)?\s?(?:\w+\s)?(?:in|for|during|of)\s+(?:the\s+)?\Z", before)) and \
            any(f.kind == STATISTIC and 0 <= y.start - f.end <= 30 and
                (f.role == "earlier value" or COMPARED_RE.search(self.m[max(f.ctx.start, f.start - 40):f.start]))
                for f in self._near_figures(y.start - 40, y.start))

    def _near_figures(self, lo: int, hi: int) -> list[Figure]:
        i = bisect.bisect_left(self._fig_starts, lo)
        return self.figures[i:bisect.bisect_left(self._fig_starts, hi)]

    def _special_spans(self):
        """Phone numbers, dates, times and names with a digit: (start, end, kind or reason, year span)."""
        spans, taken = [], bytearray(len(self.m) + 1)
        for rx, kind in ((PHONE_RE, "phone number"), (DATE_RE, "date"), (TIME_RE, "time")):
            for m in rx.finditer(self.m):
                if any(taken[m.start():m.end()]):
                    continue
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                y = re.search(r"\b(19[5-9]\d|20\d\d)\b", m.group()) if kind == "date" else None
                spans.append((m.start(), m.end(), kind, (m.start() + y.start(), m.start() + y.end()) if y else None))
        for rx, reason in self.v.names:
            for m in rx.finditer(self.m):
                if re.search(r"\d", m.group()) and not any(taken[m.start():m.end()]):
                    taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                    spans.append((m.start(), m.end(), reason, None))
        return spans

    def _figure(self, s: int, e: int, kind: str, where: Unit, reason: str = "", **kw) -> Figure:
        f = Figure(len(self.figures) + 1, s, e, self.doc.text[s:e], kind,
                   sentence=self.excerpt(where.start, where.end, 400), sent_span=(where.start, where.end), **kw)
        f.ctx = where
        f.reason = reason or ("" if kind == STATISTIC else REASONS.get(kind, kind))
        self.figures.append(f)
        return f

    def _classify(self, s: int, e: int, unit: Unit) -> Figure:
        m, tok = self.m, self.m[s:e]
        before, after = m[max(unit.start, s - 30):s], m[e:min(unit.end, e + 40)]
        if re.search(r"[A-Za-z]\Z", before):
            return self._figure(s, e, "name", unit, reason="part of a code or name")
        if re.match(r"/(?:\d+)?\s", m[e:e + 6]) and not m[self.doc.blocks[unit.block].start:s].strip(" *_#>"):
            return self._figure(s, e, "name", unit, reason="the number of a post in a thread ('9/')")
        if re.search(r"[$\u20ac\u00a3]\s?\Z|\bUSD\s?\Z", before) or re.match(r"\s?(?:dollars|USD|euros?)\b", after):
            return self._figure(s, e, "money", unit)
        end = e
        pct = PCT_RE.match(after)
        # "Match rates (%), 2025: MD seniors 93.5 · DO seniors 92.6": the label's unit is the numbers'
        unit_kind = "percent" if pct or ("." in tok and re.search(r"\((?:%|percent|per\s?cent)\)", m[unit.start:s]) and
                                         not re.match(r"\s?(?:programs|applicants|positions)\b", after)) else ""
        if pct:
            end = e + pct.end()
        mag = None if pct else MAG_RE.match(after)
        is_year = (re.fullmatch(r"(19[5-9]\d|20\d\d)", tok) and not pct and not mag
                   and not re.match(r"\s?(?:\+|x\b|\u00d7)", after))
        hedged = [x for x in self.find("approximate", s - 20, s) + self.find("bounds", s - 20, s)
                  if not self.m[x.end:s].strip(" ~")]
        if is_year and hedged and re.match(r"\s*,?\s*(?:when|as|after|before|in\s+which)\b", after):
            hedged = []  # "slightly below 2024, when the rate was 58.5%": a year, not a bound
        if is_year and not hedged:
            span = re.match(r"\s?(?:[-\u2013\u2014/]|to|and|through)\s?(\d{2}|\d{4})\b(?![.,]\d|\s?%|\s?percent)",
                            after) or \
                re.search(r"(?:\d{4})\s?(?:[-\u2013\u2014/]|to|and|through)\s?\Z", before)
            between = re.search(r"\b(?:between|from)\s+\Z", before) and re.match(r"\s+(?:and|to)\s+\d{4}", after) \
                or OWN_YEAR_RE.search(before)  # (and a person's or a school's own year: "graduated 2023")
            self.years.append(Mention(s, e, None if (span or between) else int(tok), tok))
            return self._figure(s, e, "year", unit)
        value = Fraction(tok.replace(",", "")) if "." not in tok else parse_stated(tok)[0]
        decimals = len(tok.split(".")[1]) if "." in tok else 0
        if mag:
            scale = {"k": 3, "K": 3, "thousand": 3, "million": 6, "billion": 9}[mag.group(1) or mag.group(2)]
            value, decimals, end = value * 10 ** scale, decimals - scale, e + mag.end()
        rest = m[end:min(unit.end, end + 40)]
        f = self._figure(s, end, STATISTIC, unit, unit=unit_kind or "count", value=value, decimals=decimals)
        if re.match(r"\s?\+", rest):
            f.role, f.end = "or more", end + rest.index("+") + 1
            f.stated = self.doc.text[s:f.end]
        if re.match(r"\s?(?:x\b|\u00d7|times\b(?=\s+(?:more|higher|larger|greater|bigger|as|the|less|lower|smaller|that|"
                    r"than|over)\b))", rest):  # "3x", "three times as many"; "matched 9,045 times" is a count
            f.kind, f.reason = "multiple", REASONS["multiple"]
        elif re.match(r"\s+in\s+(?!(?:19[5-9]\d|20\d\d)\b)\d", rest) and not pct:
            f.kind, f.reason = "ratio", REASONS["ratio"]
        elif unit_kind != "percent" and "." in tok and not mag:
            f.unit = "number"
        dash = r"(?:[-\u2013]|(?<!\s)\u2014|\u2014(?!\s)|to)"  # (not "92.6% \u2014 7,773 out of 8,392": an aside's dash)
        rng_after = re.match(rf"\s?{dash}\s?\$?\d", rest)
        rng_before = re.search(rf"(\d(?:[\d,.]*\d)?)%?\s?{dash}\s?\$?\Z", before)
        if rng_before and re.fullmatch(r"(?:19|20)\d\d", rng_before.group(1)):
            rng_before = None  # "from 85.5% in 2015 to 92.8% in 2025": a year before "to", not a range's start
        between = (re.search(r"\bbetween\s+(?:about\s+)?\Z", before) and re.match(r"\s+and\s+\$?\d", rest)) or \
            re.search(r"\bbetween\s+\S+\s+and\s+\Z", before)
        changing = self.find("change_verbs", unit.start, unit.end) or re.search(
            r"\b(?:up|down)\s+from\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|nearly\s+|almost\s+|some\s+)?\Z",
            before)
        if re.search(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|approximately\s+|nearly\s+|almost\s+|some\s+)?\Z",
                     before) and changing:
            f.role = "earlier value"
        elif rng_before and changing and re.search(r"\bfrom\s", before):
            pass  # "from A to B" beside a verb of change: B is the new level
        elif f.kind == STATISTIC and (rng_after or rng_before or between):
            f.kind, f.reason = "range", REASONS["range"]
        return f

    # -- interpretation

    def _clause(self, f: Figure, unit: Unit) -> tuple[int, int]:
        """The clause of the sentence the figure stands in: split at CLAUSE_RE, and at a comma that starts a
        new subject ("U.S. MD seniors matched at 93.5%, DO seniors at 92.6%")."""
        cuts = [(m.start(), m.end()) for m in CLAUSE_RE.finditer(self.m, unit.start, unit.end)]
        for cat in ("group", "specialty", "program_type", "state"):  # "the IMG share was 23.6%, in Illinois 18.4%"
            for x in self.find(cat, unit.start, unit.end):
                c = re.search(r",\s*(?:and\s+|while\s+|but\s+)?(?:in\s+|for\s+)?\Z", self.m[max(unit.start, x.start - 16):x.start])
                c = c and c.group() or re.search(  # "A matched at 93.5% and B at 92.6%": a new subject after a figure
                    r"(?<![\w\-.,])\d[\d,.]*%?[)\]]?(?:\s?percent)?(?:\s+[\w\-]+){0,3}?(\s+(?:and|while|but|whereas)\s+"
                    r"(?:the\s+|for\s+|its\s+|their\s+)?)\Z",
                    self.m[max(unit.start, x.start - 60):x.start])
                c = c.group(1) if isinstance(c, re.Match) else c
                if c:
                    cuts.append((x.start - len(c), x.start))
        for x in self.find("state_name", unit.start, unit.end):  # "New York filled 83.1%, Florida 82.8%": a state
            c = re.search(r",\s*(?:and\s+)?\Z", self.m[max(unit.start, x.start - 8):x.start])  # and its own figure
            if c and re.match(r"(?:'s|\u2019s)?\s*(?:at\s+|with\s+|had\s+)?\d", self.m[x.end:x.end + 12]):
                cuts.append((x.start - len(c.group()), x.start))
        for g in self.unit_figures(f):  # "40,041 PGY-1 positions and 37,667 of them were filled": the part's words
            c = re.search(r"\s(?:and|while|but|whereas)\s+(?:[a-z]+\s+){0,2}\Z", self.m[max(unit.start, g.start - 30):g.start])
            if g.kind == STATISTIC and c and g.start > f.end and re.match(  # are not the whole's (the part still
                    r"(?:\s*%|\s+percent)?\s+of\s+(?:them|those|these)\b", self.m[g.end:g.end + 20]):  # reads the
                cuts.append((g.start - len(c.group()), g.start))  # whole's clause: "of them" refers to it)
        lo, hi = unit.start, unit.end
        for a, b in sorted(cuts):
            if b <= f.start:
                lo = b
            elif a >= f.end:
                hi = a
                break
        return lo, hi
