"""The pack a person receives for a subject access request: readable, not
intimidating (issue 16). People who asked for their files elsewhere got
unexplained black bars ("it makes you feel robbed") and a thousand pages
without warning, so a pack is, in this order:

1. "Before you read": a warning when anything in it is hard to read, where
   it is, and the offer of a person to go through it with them;
2. "A letter to you": what they asked for, what is in it, that some things
   are withheld and why, their right to ask for a correction and to complain;
3. "What is in this pack, and what is not": each record's source and date,
   each redaction numbered with its reason in plain words;
4. "Words we use": the agency's terms and codes (glossary.py);
5. "Your story": where they lived, schools, the people who cared for them;
6. "What happened, in order": the chronology as sentences, codes in words,
   statements of correction beside their entries;
7. "Your records": each record, with its versions and statements.

Redactions are applied everywhere: a whole record becomes "[Withheld: see
note N]" (and so do the chronology entries that point at it), a passage
becomes "[withheld: see note N]" wherever it appears in the pack (records,
chronology, life story, statements). A notifier's passages are withheld
whether or not the review marked them (the law protects people who tell
us), and the disclosure guard scans the result again.

Pure functions over what gathering found (gathered.py) and the review's
Redaction and ReleaseStage rows: no queries, no writes. ``build_pack`` gives
the pipeline's Artefact (the PDF: tiaki.disclosure.pdf), ``pack_html`` the
same pack as accessible HTML (the pack page, and the portal to come)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from tiaki.disclosure.artefacts import Artefact, Item
from tiaki.disclosure.subject_access import glossary
from tiaki.disclosure.subject_access.gathered import Gathered, GatheredItem
from tiaki.web.templatetags.tiaki_dates import day

if TYPE_CHECKING:
    from tiaki.disclosure.models import Redaction, ReleaseStage, SubjectAccessRequest

#: The pack's sections, in the order it has them (the PDF's headings and the HTML's contents list).
WARNING = "Before you read"
LETTER = "A letter to you"
CONTENTS = "What is in this pack, and what is not"
WORDS = "Words we use"
STORY = "Your story"
HAPPENED = "What happened, in order"
RECORDS = "Your records"
SECTIONS = (WARNING, LETTER, CONTENTS, WORDS, STORY, HAPPENED, RECORDS)

#: Who to go through the pack with, when the request names nobody.
DEFAULT_SUPPORT = "your social worker or our privacy team, on 0800 000 000"
#: Why a notifier is never named (the same words as the review's automatic redactions).
NOTIFIER_REASON = (
    "This would show who told us about a worry. The law protects people who tell us, so we never give out who they are."
)
PRIVACY_COMMISSIONER = "the Privacy Commissioner (privacy.org.nz, 0800 803 909)"
#: Ground values as tiaki.disclosure.models.Redaction.Ground has them (kept here so the pack needs no model).
NOTIFIER = "notifier"
GROUND_WORDS = {
    "other_person": "It is about someone else",
    "notifier": "It would show who told us about a worry",
    "safety": "It could put someone's safety at risk",
    "health": "It could seriously harm your health or wellbeing",
    "evaluative": "Someone told us it in confidence",
    "legal": "It is legal advice the agency was given",
}
_LIVED = ("placement", "care")
_SCHOOL = ("education",)


@dataclass(frozen=True)
class WithheldNote:
    """One numbered redaction, as the requester reads it."""

    number: int
    item_key: str
    #: Where it is: "Case note, 5 March 2024" (never the record's title: it may be what was withheld).
    where: str
    whole: bool
    ground: str
    reason: str
    notifier: bool

    @property
    def what(self) -> str:
        return "The whole record was withheld." if self.whole else "Part of it was withheld."


@dataclass(frozen=True)
class Line:
    """One chronology entry, retold."""

    key: str
    year: str
    when: str
    sentence: str
    statements: tuple[str, ...] = ()
    #: Hard to read: marked where it is, so the warning can count these rather than list them all.
    difficult: bool = False


@dataclass(frozen=True)
class Version:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    key: str
    anchor: str
    heading: str
    paragraphs: tuple[str, ...]
    versions: tuple[Version, ...] = ()
    statements: tuple[str, ...] = ()
    difficult: bool = False


@dataclass(frozen=True)
class Place:
    when: str
    words: str


@dataclass
class Story:
    places: list[Place] = field(default_factory=list)
    schools: list[Place] = field(default_factory=list)
    carers: list[str] = field(default_factory=list)


@dataclass
class Pack:
    """The pack's content, section by section: what both the PDF and the HTML show."""

    title: str
    person_name: str
    reference: str
    stage_number: int
    #: "Before you read": empty when nothing in it is hard to read (the section is left out).
    warning: list[str]
    difficult: list[str]
    letter: list[str]
    included: list[str]
    not_included: list[str]
    notes: list[WithheldNote]
    glossary: list[glossary.Term]
    story: Story
    chronology: list[Line]
    records: list[Record]

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(anchor, heading) of each section it has, in order (the HTML's contents list)."""
        present = [s for s in SECTIONS if s != WARNING or self.warning]
        return [(_anchor(s), s) for s in present]


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.casefold()).strip("-")


def when(value: dt.datetime | dt.date | None) -> str:
    """A date in words, in New Zealand: "Tuesday 5 March 2024"."""
    if value is None:
        return "Date not recorded"
    local = timezone.localtime(value).date() if isinstance(value, dt.datetime) else value
    return f"{local:%A} {day(local)}"


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def _where(item: GatheredItem) -> str:
    return f"{item.source}, {day(item.occurred_at) if item.occurred_at else 'date not recorded'}"


def _passage_pattern(passage: str) -> str:
    """``passage`` as a pattern: any run of spaces for its spaces, and whole
    words at its ends (a withheld "Ana" is not taken out of "Banana")."""
    words = [re.escape(w) for w in passage.split()]
    body = r"\s+".join(words)
    start = r"(?<!\w)" if passage.strip()[:1].isalnum() else ""
    end = r"(?!\w)" if passage.strip()[-1:].isalnum() else ""
    return start + body + end


class _Withholding:
    """The numbered notes, and the text of the pack with them applied."""

    def __init__(self, notes: list[WithheldNote], passages: list[tuple[str, int]]) -> None:
        self.notes = notes
        self.whole: dict[str, int] = {}
        for note in notes:
            if note.whole:
                self.whole.setdefault(note.item_key, note.number)
        # Longest first, one pass: a shorter passage inside a longer one, or the word
        # "note" inside a marker already written, is never replaced twice.
        ordered = sorted(passages, key=lambda p: -len(p[0]))
        self.numbers = {f"p{i}": number for i, (_, number) in enumerate(ordered)}
        self.passages = {f"p{i}": passage.casefold() for i, (passage, _) in enumerate(ordered)}
        #: The passages that took something out (compose drops the notes of the others).
        self.used: set[str] = set()
        self.pattern = (
            re.compile("|".join(f"(?P<p{i}>{_passage_pattern(p)})" for i, (p, _) in enumerate(ordered)), re.IGNORECASE)
            if ordered
            else None
        )

    def text(self, value: str) -> str:
        if not self.pattern or not value:
            return value
        return self.pattern.sub(self._marker, value)

    def _marker(self, found: re.Match[str]) -> str:
        group = found.lastgroup or ""
        self.used.add(self.passages[group])
        return f"[withheld: see note {self.numbers[group]}]"

    @property
    def unused(self) -> set[str]:
        return set(self.passages.values()) - self.used

    def withheld(self, item: GatheredItem) -> int | None:
        """The note withholding ``item`` whole (or the record a chronology entry points at)."""
        return self.whole.get(item.key) or (self.whole.get(item.points_at) if item.points_at else None)


def _item_texts(item: GatheredItem) -> Iterable[str]:
    yield item.title
    yield item.text
    for version in item.versions:
        yield version.title
        yield version.text
    yield from item.statements
    yield from item.carers


def _matches(passage: str, texts: str) -> bool:
    return re.search(_passage_pattern(passage), texts, re.IGNORECASE) is not None


def _position(item: GatheredItem | None, passage: str) -> int:
    """Where ``passage`` first appears in ``item`` (a whole record: before all): notes are numbered as read."""
    if item is None or not passage:
        return -1
    found = re.search(_passage_pattern(passage), f"{item.title}\n{item.text}", re.IGNORECASE)
    return found.start() if found else 1 << 30


def _withholding(
    gathered: Gathered, included: list[GatheredItem], redactions: list[Redaction], drop: frozenset[str] = frozenset()
) -> _Withholding:
    """Number every redaction that applies to this pack, in the order of its
    records: those on its records, and passages withheld on other records
    that appear in it. Every notifier passage gathering found is withheld
    too, marked or not (a note of its own when the review has none).
    ``drop``: passages (casefolded) that took nothing out of this pack (one
    inside a longer withheld passage): no note for them."""
    order = {item.key: i for i, item in enumerate(included)}
    by_key = gathered.by_key()
    texts = "\n".join(t for item in included for t in _item_texts(item) if t)
    far = len(order)
    candidates: list[tuple[tuple, str, str, str, str, bool]] = []  # (sort, key, passage, ground, reason, automatic)
    marked: set[str] = set()
    for r in redactions:
        passage = r.passage.strip()
        if passage and passage.casefold() in drop:
            continue
        applies = r.item_key in order or (passage and _matches(passage, texts))
        # A whole record withheld also withholds the chronology entries that point at it.
        applies = applies or (not passage and any(item.points_at == r.item_key for item in included))
        if not applies:
            continue
        if passage and r.ground == NOTIFIER:
            marked.add(passage.casefold())
        made = r.made_at or dt.datetime.min.replace(tzinfo=dt.UTC)
        sort = (order.get(r.item_key, far), _position(by_key.get(r.item_key), passage), made, r.pk or 0)
        candidates.append((sort, r.item_key, passage, r.ground, r.reason.strip(), r.automatic))
    for item in gathered.items:
        for passage in item.notifier_passages:
            passage = passage.strip()
            if not passage or passage.casefold() in marked or passage.casefold() in drop:
                continue
            if item.key in order or _matches(passage, texts):
                marked.add(passage.casefold())
                sort = (order.get(item.key, far), _position(item, passage), dt.datetime.min.replace(tzinfo=dt.UTC), 0)
                candidates.append((sort, item.key, passage, NOTIFIER, NOTIFIER_REASON, True))
    notes: list[WithheldNote] = []
    passages: list[tuple[str, int]] = []
    for number, (_, key, passage, ground, reason, _automatic) in enumerate(sorted(candidates), start=1):
        source = by_key.get(key)
        if not reason:
            # Review refuses a stage with a reason missing (REDACTION_NO_REASON); never an unexplained gap.
            reason = NOTIFIER_REASON if ground == NOTIFIER else GROUND_WORDS.get(ground, "It is withheld by law") + "."
        notes.append(
            WithheldNote(
                number=number,
                item_key=key,
                where=_where(source) if source else "A record",
                whole=not passage,
                ground=GROUND_WORDS.get(ground, ground),
                reason=reason,
                notifier=ground == NOTIFIER,
            )
        )
        if passage:
            passages.append((passage, number))
    return _Withholding(notes, passages)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def _record(item: GatheredItem, w: _Withholding) -> Record:
    withheld = w.withheld(item)
    anchor = "record-" + re.sub(r"[^a-z0-9]+", "-", item.key.casefold())
    if withheld:
        return Record(item.key, anchor, _where(item), (f"[Withheld: see note {withheld}]",))
    heading = f"{_where(item)}: {w.text(item.title)}" if item.title else _where(item)
    if item.case_reference and item.case_reference not in heading:
        heading += f" (case {item.case_reference})"
    versions: tuple[Version, ...] = ()
    paragraphs = _paragraphs(w.text(item.text))
    if len(item.versions) > 1:
        versions = tuple(
            Version(
                heading=(
                    f"Version {v.number}, written {day(v.written_at)} by {w.text(v.written_by)}"
                    + (f". Why it was changed: {w.text(v.reason)}" if v.reason else "")
                ),
                paragraphs=(w.text(v.title), *_paragraphs(w.text(v.text))),
            )
            for v in item.versions
        )
        paragraphs = ()
    statements = tuple(w.text(s) for s in item.statements)
    return Record(item.key, anchor, heading, paragraphs, versions, statements, item.difficult)


def _sentence(item: GatheredItem, w: _Withholding) -> Line:
    year = str(timezone.localtime(item.occurred_at).year) if item.occurred_at else "Date not recorded"
    withheld = w.withheld(item)
    if withheld:
        return Line(item.key, year, when(item.occurred_at), f"[Withheld: see note {withheld}]")
    body = item.text.strip()
    # Gathering may repeat the entry's title as its text's first line: say it once.
    if item.title and body.startswith(item.title):
        body = body.removeprefix(item.title).strip()
    title = glossary.plain(w.text(item.title)).strip().rstrip(".")
    summary = glossary.plain(w.text(body)).strip()
    sentence = f"{title}." if title else ""
    if summary and summary.rstrip(".") != title:
        sentence = f"{sentence} {summary}".strip()
        if not sentence.endswith((".", "!", "?", "]")):
            sentence += "."
    # A code turned into words may begin it ("report of concern (ROC) received").
    sentence = sentence[:1].upper() + sentence[1:]
    statements = tuple(glossary.plain(w.text(s)) for s in item.statements)
    return Line(item.key, year, when(item.occurred_at), sentence, statements, item.difficult)


def _sorted(items: Iterable[GatheredItem]) -> list[GatheredItem]:
    epoch = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda i: (i.occurred_at or epoch, i.key))


#: How many hard records the warning names one by one (a 2,000-entry pack would list hundreds).
HARD_LISTED = 12


def _hard_parts(hard: list[GatheredItem]) -> list[str]:
    """Where the hard parts are: the records by source and date, the chronology's entries counted
    (each is marked where it is)."""
    records = [f"{_where(i)} ({RECORDS})" for i in _sorted(i for i in hard if i.domain != "chronology")]
    parts = records[:HARD_LISTED]
    if len(records) > HARD_LISTED:
        parts.append(f"{len(records) - HARD_LISTED} more records in “{RECORDS}”")
    entries = sum(1 for i in hard if i.domain == "chronology")
    if entries:
        parts.append(f"{entries} {'entry' if entries == 1 else 'entries'} in “{HAPPENED}”, each marked “{HARD_MARK}”")
    return parts


#: Beside each hard entry and record.
HARD_MARK = "this may be hard to read"


def _story(included: list[GatheredItem], chronology: list[GatheredItem], w: _Withholding) -> Story:
    story = Story()
    lived = [i for i in included if i.domain != "chronology" and _kind(i.key) in _LIVED]
    if not lived:
        lived = [i for i in chronology if _kind(i.points_at) in _LIVED]
    for item in _sorted(lived):
        since = day(item.occurred_at) if item.occurred_at else "a date not recorded"
        span = f"From {since} to {day(item.ended_at)}" if item.ended_at else f"From {since}"
        withheld = w.withheld(item)
        if withheld:
            words = f"[Withheld: see note {withheld}]"
        elif _kind(item.key) == "care" or _kind(item.points_at) == "care":
            words = "You came into care" + (f"; you left care on {day(item.ended_at)}" if item.ended_at else "")
            span = since
        else:
            words = glossary.plain(w.text(item.title.removeprefix("Where you lived: ")))
        story.places.append(Place(span, words))
    schools = [
        i
        for i in included
        if _kind(i.key) in _SCHOOL
        or _kind(i.points_at) in _SCHOOL
        or (i.domain == "chronology" and "school" in i.title.casefold())
    ]
    for item in _sorted(schools):
        withheld = w.withheld(item)
        words = f"[Withheld: see note {withheld}]" if withheld else glossary.plain(w.text(item.title))
        story.schools.append(Place(day(item.occurred_at) if item.occurred_at else "Date not recorded", words))
    seen: set[str] = set()
    for item in _sorted(included):
        if w.withheld(item):
            continue
        for carer in item.carers:
            named = w.text(carer)
            if named.casefold() not in seen:
                seen.add(named.casefold())
                story.carers.append(named)
    return story


def _letter(
    *, person_name: str, request: SubjectAccessRequest, stage: ReleaseStage, sender_name: str,
    records: int, total: int, w: _Withholding, difficult: bool, support: str,
) -> list[str]:  # fmt: skip
    first = person_name.split()[0] if person_name.split() else person_name
    asked_for = w.text(request.asked_for.strip())
    letter = [
        f"Kia ora {first},",
        f"On {day(request.received_on)} you asked us for the information we hold about you. "
        f"You asked for: “{asked_for}”",
        f"This is part {stage.number} of what we are sending you ({stage.title}). It has {records} "
        f"{'record' if records == 1 else 'records'} from your file"
        + (f", of the {total} we hold about you; the rest will come in later parts." if total > records else "."),
    ]
    notes = w.notes
    if notes:
        letter.append(
            f"We have left some information out: {len(notes)} "
            f"{'thing is' if len(notes) == 1 else 'things are'} withheld. Each one has a numbered note in "
            f"“{CONTENTS}” that says what was left out and why. We never leave anything out without saying so."
        )
        if any(n.notifier for n in notes):
            letter.append(
                "Some of what we left out would show who told us about a worry. The law protects people who "
                "tell us, so we never give out who they are."
            )
    else:
        letter.append("We have not left anything out of the records in this part.")
    letter.append(
        f"We explain the words we use in “{WORDS}”. “{STORY}” shows where you lived and the people who cared "
        f"for you, and “{HAPPENED}” tells what is in your records in date order, in plain words."
    )
    if difficult:
        letter.append(
            f"Some pages talk about hard things. You do not have to read it all at once, or on your own: "
            f"you can go through it with {support}."
        )
    letter += [
        "If you think something in your records is wrong, you can ask us to correct it. If we do not change "
        "it, you can give us a statement saying what you think is wrong. We keep your statement with that "
        "information, wherever it appears, and it goes with it whenever it is shared.",
        "If you are unhappy with how we have dealt with your request, please tell us first. You can also "
        f"complain to {PRIVACY_COMMISSIONER}.",
        f"Ngā mihi,\n{sender_name}\nPrivacy team (reference {request.reference})",
    ]
    return letter


def compose(
    *, gathered: Gathered, redactions: list[Redaction], stage: ReleaseStage, request: SubjectAccessRequest,
    sender_name: str,
) -> Pack:  # fmt: skip
    """The pack for ``stage`` of ``request``, section by section, with every
    redaction applied and numbered (both build_pack and pack_html show it)."""
    by_key = gathered.by_key()
    included = [by_key[k] for k in stage.item_keys if k in by_key]
    w = _withholding(gathered, included, list(redactions))
    pack = _assemble(gathered, included, w, stage=stage, request=request, sender_name=sender_name)
    if w.unused:
        # A note must point at something: number again without the passages that took nothing out.
        w = _withholding(gathered, included, list(redactions), drop=frozenset(w.unused))
        pack = _assemble(gathered, included, w, stage=stage, request=request, sender_name=sender_name)
    return pack


def _assemble(
    gathered: Gathered, included: list[GatheredItem], w: _Withholding, *, stage: ReleaseStage,
    request: SubjectAccessRequest, sender_name: str,
) -> Pack:  # fmt: skip
    chronology_items = _sorted(i for i in included if i.domain == "chronology")
    records = [_record(i, w) for i in included if i.domain != "chronology"]
    lines = [_sentence(i, w) for i in chronology_items]
    story = _story(included, chronology_items, w)
    support = request.support_person.strip() or DEFAULT_SUPPORT
    hard = [i for i in included if i.difficult and not w.withheld(i)]
    difficult = _hard_parts(hard)
    warning = (
        [
            "Some pages in this pack talk about hard things that happened, such as harm, or worries about "
            "your safety or someone else's. Reading them may bring up strong feelings.",
            "You do not have to read it all at once. You can stop at any time and come back to it.",
            f"If you would like someone to go through it with you, you can ask {support}.",
        ]
        if hard
        else []
    )
    included_lines = []
    if chronology_items:
        first, last = chronology_items[0].occurred_at, chronology_items[-1].occurred_at
        span = f", from {day(first)} to {day(last)}" if first and last and first != last else ""
        count = len(chronology_items)
        included_lines.append(f"{HAPPENED}: {count} {'entry' if count == 1 else 'entries'} from your chronology{span}")
    for item in (i for i in included if i.domain != "chronology"):
        withheld = w.withheld(item)
        title = f"withheld (see note {withheld})" if withheld else w.text(item.title)
        included_lines.append(f"{_where(item)}: {title}" if title else _where(item))
    not_included = []
    if len(gathered.items) > len(included):
        not_included.append(
            f"We hold {len(gathered.items)} records about you. This part has {len(included)} of them; the others "
            "will come in later parts of your pack."
        )
    shown: list[str] = [request.asked_for]
    shown += [t for item in included if not w.withheld(item) for t in _item_texts(item)]
    letter = _letter(
        person_name=gathered.person_name, request=request, stage=stage, sender_name=sender_name,
        records=len(included), total=len(gathered.items), w=w, difficult=bool(hard), support=support,
    )  # fmt: skip
    return Pack(
        title=f"Your records: part {stage.number}",
        person_name=gathered.person_name,
        reference=request.reference,
        stage_number=stage.number,
        warning=warning,
        difficult=difficult,
        letter=letter,
        included=included_lines,
        not_included=not_included,
        notes=w.notes,
        glossary=glossary.terms_used(shown),
        story=story,
        chronology=lines,
        records=records,
    )


def _artefact_items(pack: Pack, person_id: int) -> list[Item]:
    items: list[Item] = []

    def add(key: str, section: str, label: str, paragraphs: Iterable[str]) -> None:
        items.append(Item(key=key, label=label, text="\n\n".join(paragraphs), about_person=person_id, section=section))

    if pack.warning:
        add("pack:warning", WARNING, "", [*pack.warning, "The hard parts are: " + "; ".join(pack.difficult) + "."])
    add("pack:letter", LETTER, "", pack.letter)
    add("pack:included", CONTENTS, "What is in this pack", pack.included or ["No records."])
    withheld = [
        f"Note {n.number}. {n.where}. {n.what} Why: {n.reason}"
        + ("" if n.notifier or n.reason.rstrip(".").casefold() == n.ground.casefold() else f" ({n.ground}.)")
        for n in pack.notes
    ]
    add("pack:withheld", CONTENTS, "What is not in this pack, and why",
        [*pack.not_included, *(withheld or ["Nothing in these records has been withheld."])])  # fmt: skip
    add("pack:words", WORDS, "", [f"{t.term}: {t.meaning}" for t in pack.glossary])
    story = pack.story
    add("pack:story:lived", STORY, "Where you lived",
        [f"{p.when}: {p.words}" for p in story.places] or ["These records do not say where you lived."])  # fmt: skip
    if story.schools:
        add("pack:story:schools", STORY, "Schools", [f"{p.when}: {p.words}" for p in story.schools])
    add("pack:story:carers", STORY, "The people who cared for you",
        story.carers or ["These records do not name the people who cared for you."])  # fmt: skip
    for line in pack.chronology:
        add(f"chronology:{line.key}", HAPPENED, f"{line.when} ({HARD_MARK})" if line.difficult else line.when,
            [line.sentence, *(f"Statement of correction: {s}" for s in line.statements)])  # fmt: skip
    if not pack.chronology:
        add("pack:chronology", HAPPENED, "", ["There are no entries in this part."])
    for record in pack.records:
        paragraphs = list(record.paragraphs)
        for version in record.versions:
            paragraphs += [version.heading, *version.paragraphs]
        paragraphs += [f"Statement of correction: {s}" for s in record.statements]
        add(f"record:{record.key}", RECORDS, f"{record.heading} ({HARD_MARK})" if record.difficult else record.heading,
            paragraphs)  # fmt: skip
    return items


def build_pack(
    *, gathered: Gathered, redactions: list[Redaction], stage: ReleaseStage, request: SubjectAccessRequest,
    sender_name: str,
) -> Artefact:  # fmt: skip
    """The pack as the pipeline's artefact (a subject access pack about the
    person, its sections in order): what ``stage_release`` hands release()."""
    pack = compose(gathered=gathered, redactions=redactions, stage=stage, request=request, sender_name=sender_name)
    return Artefact(
        kind="subject_access",
        title=f"{pack.title}, for {gathered.person_name}",
        case_id=None,
        subject_ids=[gathered.person_id],
        items=_artefact_items(pack, gathered.person_id),
    )


def pack_html(
    *, gathered: Gathered, redactions: list[Redaction], stage: ReleaseStage, request: SubjectAccessRequest,
    sender_name: str,
) -> str:  # fmt: skip
    """The same pack as accessible HTML (a fragment: headings in order, a
    contents list with links, the warning first, no inline styles)."""
    pack = compose(gathered=gathered, redactions=redactions, stage=stage, request=request, sender_name=sender_name)
    return render_pack(pack)


def render_pack(pack: Pack) -> str:
    return render_to_string("disclosure/subject_access/_pack.html", {"pack": pack})
