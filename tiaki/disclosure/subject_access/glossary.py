"""Words we use: the agency's terms and codes in plain words, for a
subject-access pack (tiaki.disclosure.subject_access.pack).

People who asked for their files elsewhere found them full of codes nobody
explained ("s78", "ROC", "NFA"). Each term here says what it means in words
a young person can read, and how it is found in the records (``patterns``),
so the pack's glossary lists the terms its pages use (plus the core ones
every pack explains), and the chronology retold in plain language turns a
code into words where it appears (``plain``).

The sections are of the Oranga Tamariki Act 1989, as the agency's records
write them ("s78", "s.78", "section 78")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    #: As the glossary heads it: "FGC", "s78", "Whānau".
    term: str
    #: What it means, in plain words.
    meaning: str
    #: Regular expressions (case-insensitive unless ``exact_case``) that find it in text.
    patterns: tuple[str, ...]
    #: The code form (a regular expression, case as written) the plain retelling turns into words.
    code: str = ""
    #: What the plain retelling puts in the code's place; "{0}" is the code as found.
    inline: str = ""
    #: Explained in every pack, used or not.
    core: bool = False
    #: Codes in capitals ("FGC", "NFA") are matched only in capitals: "nfa" is not a code.
    exact_case: bool = False


def _section(number: str, meaning: str, inline: str) -> Term:
    # "s78", "s 78", "s.78", "S78", "section 78" (not "s780" nor "ss78x").
    pattern = rf"(?<![\w.])(?:[sS]\.?\s?|[sS]ection\s){number}(?![\w])"
    return Term(term=f"s{number}", meaning=meaning, patterns=(pattern,), code=pattern, inline=f"{{0}} ({inline})")


TERMS: tuple[Term, ...] = (
    Term(
        "Care and protection",
        "The part of the law (the Oranga Tamariki Act 1989) about keeping children and young people safe "
        "when they are being harmed or are at risk of harm.",
        (r"care and protection", r"(?<!\w)C&P(?!\w)"),
        code=r"(?<!\w)C&P(?!\w)",
        inline="care and protection",
        core=True,
    ),
    Term(
        "Caregiver",
        "A person who looks after a child or young person in their home when the child cannot live with "
        "their parents. Caregivers can be whānau or other approved people.",
        (r"caregiv\w*",),
        core=True,
    ),
    Term(
        "Case note",
        "A note a social worker writes about something that happened: a visit, a phone call, a meeting. "
        "If a note was corrected, every version is kept and shown.",
        (r"case notes?",),
    ),
    Term(
        "Chronology",
        'A list of what happened, in date order. The part of this pack called "What happened, in order" '
        "tells it in plain words.",
        (r"chronolog\w*",),
    ),
    Term(
        "Court order",
        "A decision by a judge in the Family Court or Youth Court about who a child lives with, who looks "
        "after them, or what must happen.",
        (r"court orders?", r"custody order", r"guardianship order"),
    ),
    Term(
        "Custody",
        "Having the day-to-day care of a child. The court can give custody to someone other than a parent.",
        (r"custody",),
    ),
    Term(
        "FGC",
        "Family Group Conference: a meeting where whānau, the young person and the professionals working "
        "with them come together to make a plan for the young person's safety and care.",
        (r"(?<!\w)FGCs?(?!\w)", r"family group conferences?"),
        code=r"(?<!\w)FGC(?!\w)",
        inline="family group conference (FGC)",
        core=True,
    ),
    Term(
        "Guardianship",
        "The right and responsibility to make big decisions about a child's life, such as where they go to "
        "school or their health care.",
        (r"guardian\w*",),
    ),
    Term(
        "Hapū and iwi",
        "Hapū is a sub-tribe, and iwi a tribe: the wider Māori family groups a person belongs to through "
        "whakapapa (their ancestry).",
        (r"(?<!\w)hap[uū](?!\w)", r"(?<!\w)iwi(?!\w)"),
    ),
    Term(
        "Missing or away from placement",
        "When a young person was not where they were living and nobody knew where they were for a time.",
        (r"missing", r"away from placement", r"absconded"),
    ),
    Term(
        "NFA",
        "No further action: the agency decided it did not need to do anything more at that time.",
        (r"(?<!\w)NFA(?!\w)", r"no further action"),
        code=r"(?<!\w)NFA(?!\w)",
        inline="no further action (NFA)",
        exact_case=True,
    ),
    Term(
        "Notifier",
        "The person who told us about a worry. The law protects people who tell us, so we never give out who they are.",
        (r"notifier\w*",),
        core=True,
    ),
    Term(
        "Placement",
        "The home where a child or young person lives while they are in care, such as with a caregiver or whānau.",
        (r"placements?", r"placed"),
        core=True,
    ),
    Term(
        "Plan",
        "A written plan of what will happen to keep a child or young person safe and well, and who will do "
        "what. Plans are reviewed and can change.",
        (r"(?<!\w)plans?(?!\w)",),
        core=True,
    ),
    Term(
        "Report of concern",
        "When someone tells us they are worried that a child or young person is being harmed or is at risk. "
        "A social worker then decides what needs to happen.",
        (r"report of concern", r"reports of concern", r"(?<!\w)ROCs?(?!\w)"),
        code=r"(?<!\w)ROC(?!\w)",
        inline="report of concern (ROC)",
        core=True,
    ),
    Term(
        "Social worker",
        "The person from the agency who works with a child or young person and their whānau.",
        (r"social workers?", r"(?<!\w)SW(?!\w)"),
        code=r"(?<!\w)SW(?!\w)",
        inline="social worker",
        core=True,
    ),
    Term(
        "Statement of correction",
        "If you tell us something in your records is wrong and we do not change it, we keep your statement "
        "of what you say is wrong beside it, and it goes with that information wherever it appears.",
        (r"statement of correction",),
        core=True,
    ),
    Term(
        "Tamariki and rangatahi",
        "Tamariki means children; rangatahi means young people.",
        (r"tamariki", r"rangatahi", r"mokopuna"),
        core=True,
    ),
    Term(
        "Whānau",
        "Family, including the wider family: grandparents, aunties, uncles, cousins and others who are family to you.",
        (r"wh[aā]nau",),
        core=True,
    ),
    Term(
        "Withheld",
        "Left out of this pack. Each time something is withheld, a numbered note says why.",
        (r"withheld",),
        core=True,
    ),
    _section(
        "14",
        "Section 14 of the Oranga Tamariki Act 1989 says when a child or young person is in need of care "
        "or protection, for example when they are being harmed or are likely to be.",
        "when a child needs care or protection",
    ),
    _section(
        "15",
        "Section 15 of the Oranga Tamariki Act 1989 says anyone who is worried a child is being harmed can "
        "tell the agency or the police.",
        "anyone may tell us about a worry",
    ),
    _section(
        "17",
        "Section 17 of the Oranga Tamariki Act 1989: a social worker looks into a report of concern to find "
        "out whether the child is safe.",
        "looking into a report of concern",
    ),
    _section(
        "18",
        "Section 18 of the Oranga Tamariki Act 1989: when a social worker believes a child needs care or "
        "protection, a family group conference is called.",
        "a family group conference is called",
    ),
    _section(
        "39",
        "Section 39 of the Oranga Tamariki Act 1989: a warrant from a court that lets a social worker or the "
        "police take a child somewhere safe straight away.",
        "a warrant to take a child somewhere safe",
    ),
    _section(
        "42",
        "Section 42 of the Oranga Tamariki Act 1989: the police can take a child somewhere safe without a "
        "warrant when the child is in immediate danger.",
        "taking a child somewhere safe in an emergency",
    ),
    _section(
        "78",
        "Section 78 of the Oranga Tamariki Act 1989: a temporary custody order the Family Court can make so "
        "that a child is looked after safely while the court decides what should happen.",
        "a temporary custody order while the court decides",
    ),
    _section(
        "101",
        "Section 101 of the Oranga Tamariki Act 1989: a custody order of the Family Court saying who a child "
        "lives with and who has their day-to-day care.",
        "a custody order",
    ),
    _section(
        "110",
        "Section 110 of the Oranga Tamariki Act 1989: a guardianship order, giving someone the right to make "
        "big decisions about a child's life.",
        "a guardianship order",
    ),
    _section(
        "139",
        "Section 139 of the Oranga Tamariki Act 1989: an agreement by a parent or guardian for their child to "
        "be looked after by someone else for a short time.",
        "an agreement for temporary care",
    ),
)


def _compiled(term: Term) -> re.Pattern[str]:
    flags = 0 if term.exact_case else re.IGNORECASE
    return re.compile("|".join(f"(?:{p})" for p in term.patterns), flags)


_PATTERNS: dict[str, re.Pattern[str]] = {term.term: _compiled(term) for term in TERMS}
#: The codes, matched as written (an "sw" in a word is not a code): the plain retelling's replacements.
_CODES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(t.code), t.inline) for t in TERMS if t.code)


_AN = re.compile(
    r"(?<!\w)([Aa])n ("
    + "|".join(re.escape(t.inline.split(" (")[0]) for t in TERMS if t.code and t.inline[:1] not in "{aeiouAEIOU")
    + ")"
)


def is_section(term: Term) -> bool:
    """A section of the Act ("s78"), listed after the words in the glossary."""
    return term.term.startswith("s") and term.term[1:].isdigit()


def terms_used(texts: Iterable[str]) -> list[Term]:
    """The terms to explain for ``texts``: those any of them uses, and the
    core ones, in alphabetical order (the sections of the Act after the words,
    by number)."""
    joined = "\n".join(texts)
    found = [term for term in TERMS if term.core or _PATTERNS[term.term].search(joined)]
    return sorted(found, key=lambda t: (1, int(t.term[1:]), "") if is_section(t) else (0, 0, t.term.casefold()))


def plain(text: str) -> str:
    """``text`` with the agency's codes turned into words ("FGC" becomes
    "family group conference (FGC)", "s78" gains what it means in brackets),
    for the chronology retold in plain language. Plain words stay as they are."""
    for pattern, inline in _CODES:
        text = pattern.sub(_replacement(inline), text)
    # "an FGC" reads "a family group conference (FGC)".
    return _AN.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)


def _replacement(inline: str) -> Callable[[re.Match[str]], str]:
    return lambda found: inline.format(found.group(0))
