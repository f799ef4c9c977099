"""Word patterns the reading rules of `matchstats check ARTICLE` look for beyond the vocabulary's phrases
(``vocabulary.yml``): patterns that need more than a list of words (an order, an optional word, what follows).
Each says, in its comment, the kind of sentence it is for; the rules that use them are ``pipeline.check.article``.
"""

from __future__ import annotations

import re


# a sentence about the Main Residency Match itself (first-year positions), not about a report on preferred specialties
MAIN_MATCH_RE = re.compile(r"(?i)\bMain\s+Residency\s+Match\b|\bfirst[-\s]year\b|\bPGY-?1\b|\bthe\s+Match\s+itself\b")


WHOLE_AFTER_RE = re.compile(r"\s+(?:out\s+of|of)\s+(?:the\s+|its\s+|their\s+)?")


# "43,237 positions in all", "2,020 at all levels": the figure's own words say every level
IN_ALL_AFTER_RE = re.compile(r"(?i)\s+(?:[\w\-]+\s+){0,2}?(?:positions|slots|spots)?\s*(?:in\s+all|in\s+total|overall|at\s+all\s+"
                             r"(?:position\s+)?levels|across\s+all\s+levels)\b")
# a column header or a label that names positions by their verb alone: "| Filled |", "Filled: 40,764 overall"
POSITIONS_LABEL_RE = re.compile(r"(?i)\W*(?:(?:PGY-?\s?[12]|first[-\s]year)\s+)?(?:positions?\s+)?(?:filled|offered|unfilled)(?:\s*,\s*(?:all\s+(?:position\s+)?"
                                r"levels|PGY-?\s?1|first[-\s]year)(?:\s+only)?)?(?:\s*,?\s*(?:in\s+)?(?:19|20)\d\d|\s*\(\s*(?:19|20)\d\d\s*\))?"
                                r"\W*")  # ("| Filled, all levels |", "| Filled, 2025 |", "| PGY-2 offered |")
ALL_LEVELS_RE = re.compile(r"(?i)\ball\s+(?:specialties\s+and\s+)?(?:position\s+)?levels\b|\ball\s+(?:training\s+)?levels\b|\bat\s+every\s+level\b|"
                           r"\bevery\s+(?:position\s+)?level\b|"
                           r"\bPGY-1,\s+PGY-2\s+and\s+(?:physician|PGY-3)|"
                           # "Counting PGY-2 and physician-level positions as well": the first-year ones and these
                           r"\b(?:counting|including|adding|with)\s+(?:the\s+)?(?:PGY-?2|second[\s\-]year)\s+(?:and|&)\s+physician(?:[\s\-]level)?\s+"
                           r"(?:positions\s+)?(?:as\s+well|too)\b|"
                           # "... when PGY-2 and physician positions are counted too"
                           r"\b(?:PGY-?2|second[\s\-]year)\s+(?:and|&)\s+physician(?:[\s\-]level)?\s+positions\s+(?:are|were)\s+"
                           r"(?:counted|included|added)\b")


EVERY_TYPE_RE = re.compile(r"(?i)\b(?:all|every|each|any)\s+(?:the\s+)?program\s+types?\b|\bacross\s+(?:the\s+)?program\s+types\b|"
                           r"\ball\s+types\b")


# "(82.3% filled) only because of preliminary positions", "more plentiful than the categorical tracks alone suggest":
# a program type named as the cause, or as what the figure is compared with, is not the figure's
ASIDE_TYPE_RE = re.compile(r"(?i)\b(?:because(?:\s+of)?|due\s+to|driven\s+by|(?:dragged|pulled|held|weighed)\s+down\s+by|owing\s+to|"
                           r"than|unlike|hides|masks|includes?|including|counting|"  # ("82.3% ... but that includes preliminary spots")
                             # "573 of 576 positions, almost all of them advanced positions",
                           # "12,439 filled. and a lot of that is categorical"
                           r"(?:almost\s+all|nearly\s+all|most|a\s+lot|much|many|some|part)\s+of\s+(?:them|which|those|these|that|it)|"
                           r"compared\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+|its\s+|their\s+)?"
                           r"(?:[\w\-]+\s+){0,2}?\Z")


IT_RE = re.compile(r"(?<![\w-])(?:it|its|It|Its)(?![\w-])")


THE_SPECIALTY_RE = re.compile(r"(?i)\b(?:the|this|that)\s+specialty\b(?!\s+(?:you|they|he|she|I|we)\b)")


ALL_SPECIALTIES_RE = re.compile(r"(?i)\b(?:all|every|each|any)\s+(?:the\s+)?specialt(?:y|ies)\b|"
                                r"\bacross\s+(?:the\s+)?specialties\b")
# "and 25.9% of all PGY-1 positions filled": right after a figure, all specialties'
OF_ALL_POSITIONS_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+(?:of\s+all\s+(?:the\s+|its\s+|their\s+)?(?:(?:PGY-?1|first-year|"
                                 r"filled)\s+)*positions|(?<![\n\x00])(?:of|across|for|in)\s+all\s+(?:the\s+)?specialties)\b")  # ("the 23.6%
# of all specialties")


# "Family medicine typically fills about 85% of its positions": what happens most years, not one year's figure
GENERAL_RE = re.compile(r"(?i)\b(?:typically|usually|generally|normally|traditionally|historically|tends? to|"
                        r"year after year|(?:each|every) year|in a typical year|most years)\b")


# "(couples excluded)", "including couples": a topic named only to say what a figure counts, not its subject
QUALIFIER_AFTER_RE = re.compile(r"(?i)\s*(?:were\s+|are\s+)?(?:included|excluded|left\s+out|not\s+included|out\b)")


QUALIFIER_BEFORE_RE = re.compile(r"(?i)\b(?:includ\w*|exclud\w*|without|leav\w*\s+out|except)\s+(?:the\s+|all\s+)?\Z|"
                                 r"\bno[-\s]\Z")  # "the no-couples series": a series, not a count of couples


# "numbered 50,413", "rose from 44,603": the count is of the clause's subject (before the verb)
NUMBERED_RE = re.compile(r"(?i)\b(?:numbered|totall?ed|reached|stood\s+at|(?:rose|grew|fell|climbed|dropped|increased|"
                         r"decreased|went|jumped|slipped)\s+(?:from|to))\s+\Z")


SHARE_OF_FILLED_RE = re.compile(r"(?i)\bshare\s+of\s+(?:the\s+|all\s+)?filled\b")


REPORTED_RE = re.compile(r"(?i)\b(?:the|your|that)\s+(?:article|story|piece|editorial|column|post)\s+(?:reported|said|"
                         r"claimed|stated|wrote|printed|put|gave)\b|\byou\s+(?:printed|reported|wrote|claimed|stated)\b|"
                         r"\byour\s+(?:line|claim|figure|statement|sentence)\b")


THAT_IS_RE = re.compile(r"(?i)\W*(?:that|this|which|it)\b")


OWN_VERB_RE = re.compile(r"(?i)\s+(?:were|was|got|went|remained)\s+(?:still\s+)?(filled|offered|unfilled|left|open)\b")
# "38,106 positions, 36,179 filled": a figure's own verb right after it, in a list of counts
BARE_VERB_RE = re.compile(r"(?i)\s+(?:were\s+|was\s+)?(?:filled|offered|unfilled|matched|registered)\b")

# a state's name inside an institution's: "University of Michigan", "Ohio State University", "Texas Children's"
INSTITUTION_BEFORE = re.compile(r"\b(?:University|College|School|Institute|Clinic|Hospital|Center|Centre)\s+of\s+"
                                r"(?:the\s+)?\Z")
INSTITUTION_AFTER = re.compile(r"(?:\s+State)?\s+(?:University|College|Medical\s+(?:Center|School|College)|Health\s+"
                               r"(?:System|Science)|Children's|Children\u2019s|Methodist|Presbyterian)\b")

# "up from 67.6%", "compared with 67.0%", "a little below the 80.2%" (recorded in 2024): the figure compared with
COMPARED_RE = re.compile(r"\b(?:compar(?:ed|es|ing) (?:with|to)|against|versus|vs\.?|(?:up|down|rose|fell|climbed|dropped|"
                         r"increased|decreased|declined) from|from|(?:below|above|under|behind|short\s+of|ahead\s+of)"
                         r"\s+the|than(?:\s+the)?)\s+(?:about\s+|around\s+|roughly\s+)?\Z", re.I)
CLAUSE_RE = re.compile(r";|\s[\u00b7\u2022]\s|:(?=\s)|,\s+(?=of (?:which|whom)\b)|"
                       r",\s+(?=(?:most|many|some|all|half|none|few|nearly\s+all|almost\s+all)\s+of\s+(?:them|which|these|"
                       r"those)\b[^,;]*?(?:[.!?](?:\s|$)|\Z))|\s[\u2014\u2013-]\s|\u2014|,\s+(?=(?:while|whereas|but|compared|versus|vs\.?|and|"
                       r"although|though|up|down|against|from|than|with)\b)|\s(?=(?:compar(?:ed|es|ing) (?:with|to)|versus|vs\.|"
                       r"whereas|while|but)\b)")


# a sentence that makes up its example: its figures are not the data's
HYPOTHETICAL_RE = re.compile(r"(?i)\b(?:made[-\s]up|hypothetical|imaginary|fictional)\s+(?:case|example|program|hospital|"
                             r"applicant|school)\b|\bfor\s+(?:the\s+sake\s+of\s+)?illustration\b")


# between a figure and the specialty that is its own ("56.4% in internal medicine")
ATTACHED_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+(?:in|for|among)\s+(?:the\s+)?")


# a clause that says its figure is national, across specialties: a specialty another clause names is not its own
NATIONAL_ALL_RE = re.compile(r"(?i)\b(?:nationally|nationwide|across\s+(?:all\s+)?specialties|in\s+all\s+specialties|"
                             r"all\s+(?:(?:PGY-1|first-year|residency)\s+)?(?:positions|spots|slots))\b")


# a clause that says its figure is for the whole country: a state another clause names is not its own
NATIONWIDE_RE = re.compile(r"(?i)\b(?:nationally|nationwide|across\s+the\s+(?:country|nation))\b")
# right after the figure: "a bit better than the 85.0% nationally"
NATIONAL_AFTER_RE = re.compile(r"(?i)\s+(?:percent\s+)?(?:nationally|nationwide|across\s+the\s+(?:country|nation))\b")


# between a state and the figure that is its own ("the share in Ohio, 31.5%", "Ohio's 31.5%", "Ohio at 31.5%")
STATE_OF_NEXT_RE = re.compile(r"(?:'s|\u2019s)\s+|\s*[,:]\s*|\s+(?:at|was|is|of|with)\s+")


# where sentences end: a stop before a capital or a number, unless an abbreviation ends there
SENT_RE = re.compile(r"[.!?]+(?:\[\d{1,3}\])*[\"'\u201d\u2019)\]*_]*(?:\[\d{1,3}\])*"  # "... in 2024.[13] In ..."
                     r"(?=\s+[\"'\u201c\u2018(\[*_]?[A-Z0-9])")
ABBREV_RE = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Dr|Mr|Mrs|Ms|St|vs|etc|approx|No|Fig|Inc|Ltd|Jr|Sr|al|cf|p|"
                       r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")


# sentence ends no capital shows: a figure's stop before a clause that opens, in lower case, with its own year ("...
# so 92.6%. in 2024 it was ..."; not "2025. so 67.8%", which goes on), and a line that ends in a figure before one
# that opens with a number ("... 7,412 of 8,033" / "2021 was the dip, 89.3%", lines of a chat)
FIGURE_END_RE = re.compile(r"(?<=[\d%])\.(?=[ \t]+(?:in|by|for)[ \t]+(?:19|20)\d\d\b)|(?<=[\d%])[ \t]*\n(?=[ \t]*\d)")


def sentences(mask: str, start: int, end: int, lines: str = "") -> list[tuple[int, int]]:
    """The (start, end) of each sentence of mask[start:end]; lines is the mask with its line breaks."""
    out, s = [], start
    ends = sorted([(m.start(), m.end()) for m in SENT_RE.finditer(mask, start, end)] +
                  [(m.start(), m.end()) for m in FIGURE_END_RE.finditer(lines or mask, start, end)])
    for a, b in ends:
        if b <= s or ABBREV_RE.search(mask[max(start, a - 12): a + 1]):
            continue
        out.append((s, b))
        s = b
    out.append((s, end))
    return [(a + len(mask[a:b]) - len(mask[a:b].lstrip()), b) for a, b in out if mask[a:b].strip()]

