"""The subject-access pack (tiaki.disclosure.subject_access.pack): built
from Gathered objects made by hand, and unsaved Redaction, ReleaseStage
and SubjectAccessRequest rows, so each rule is seen on its own."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from tiaki.disclosure.artefacts import Artefact
from tiaki.disclosure.models import Redaction, ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.subject_access import glossary
from tiaki.disclosure.subject_access.gathered import Gathered, GatheredItem, Version
from tiaki.disclosure.subject_access.pack import (
    NOTIFIER_REASON,
    SECTIONS,
    Pack,
    Place,
    build_pack,
    compose,
    pack_html,
)

NZ = dt.timezone(dt.timedelta(hours=13))
PERSON = 41
NOTIFIER = "Mereana Notifier-Synthetic"
NOTIFIER_PHONE = "021 555 0199"
OTHER = "Kahu Brown"


def at(year: int, month: int, day: int) -> dt.datetime:
    # Midday in New Zealand: the same date there whatever the test machine's zone.
    return dt.datetime(year, month, day, 12, tzinfo=NZ)


def world() -> Gathered:
    items = [
        GatheredItem(
            key="report:5", domain="intake", source="Report of concern", occurred_at=at(2015, 3, 2),
            title="Worry about Ana at home",
            text=f"{NOTIFIER} rang on {NOTIFIER_PHONE}. She said Ana had bruises. {OTHER} was there too.",
            notifier_passages=[NOTIFIER, NOTIFIER_PHONE], other_people=[OTHER], difficult=True,
        ),
        GatheredItem(
            key="note:7", domain="casework", source="Case note", occurred_at=at(2015, 3, 4),
            title="Home visit", text=f"Visited. {OTHER} answered the door. Mum said {NOTIFIER} had called.",
            versions=[
                Version(1, at(2015, 3, 4), "Ana Lee", "", "Home visit", "Visited. Nobody home."),
                Version(2, at(2015, 3, 5), "Ana Lee", "Wrong day recorded", "Home visit",
                        f"Visited. {OTHER} answered the door. Mum said {NOTIFIER} had called."),
            ],
            statements=["I was at school that day, not at home."],
        ),
        GatheredItem(
            key="placement:9", domain="care", source="Placement", occurred_at=at(2015, 3, 10),
            ended_at=at(2017, 1, 20), title="With the Kingi whānau (whānau caregivers)",
            text="Lived at 7 Kauri Place.", carers=["Rangi Kingi (caregiver)", "Ana Lee (social worker)"],
        ),
        GatheredItem(
            key="placement:10", domain="care", source="Placement", occurred_at=at(2017, 1, 20),
            title="With the Brown household (caregivers)", text="", carers=[f"{OTHER} (caregiver)"],
        ),
        GatheredItem(
            key="document:3", domain="casework", source="Document", occurred_at=at(2016, 5, 1),
            title="Psychologist's report", text="A file: Psychologist's report",
        ),
        GatheredItem(
            key="chronology:100", domain="chronology", source="Chronology", occurred_at=at(2015, 3, 2),
            title="ROC received", text=f"Report from {NOTIFIER}.", points_at="report:5", difficult=True,
        ),
        GatheredItem(
            key="chronology:101", domain="chronology", source="Chronology", occurred_at=at(2015, 3, 4),
            title="Case note: Home visit", text=f"{OTHER} answered the door.", points_at="note:7",
            statements=["I was at school that day, not at home."],
        ),
        GatheredItem(
            key="chronology:102", domain="chronology", source="Chronology", occurred_at=at(2015, 3, 9),
            title="s78 order made", text="Interim custody to the chief executive.", points_at="order:2",
        ),
        GatheredItem(
            key="chronology:103", domain="chronology", source="Chronology", occurred_at=at(2015, 4, 1),
            title="FGC held", text="Plan agreed.", points_at="fgc:4",
        ),
        GatheredItem(
            key="chronology:104", domain="chronology", source="Chronology", occurred_at=at(2016, 5, 1),
            title="Document added: Psychologist's report", text="", points_at="document:3",
        ),
        GatheredItem(
            key="chronology:105", domain="chronology", source="Chronology", occurred_at=at(2016, 2, 1),
            title="Started at Kauri Primary School", text="", points_at="education:1",
        ),
        GatheredItem(
            key="letter:8", domain="disclosure", source="Letter", occurred_at=at(2018, 1, 1),
            title="Letter about a meeting", text="Not in this stage.",
        ),
    ]  # fmt: skip
    return Gathered(request_id=3, person_id=PERSON, person_name="Ana Tipene", items=items)


def request(**kwargs) -> SubjectAccessRequest:
    fields = {
        "reference": "SAR-ABCD-EFGH", "asked_for": "Everything about my time in care",
        "received_on": dt.date(2026, 11, 2), "due_on": dt.date(2026, 11, 30),
    }  # fmt: skip
    return SubjectAccessRequest(**{**fields, **kwargs})


def stage(keys: list[str] | None = None) -> ReleaseStage:
    everything = [i.key for i in world().items if i.key != "letter:8"]
    return ReleaseStage(number=1, title="Your time in care", item_keys=keys if keys is not None else everything)


def redaction(key: str, passage: str = "", *, ground: str = "other_person", reason: str = "", n: int = 0):
    return Redaction(
        item_key=key, passage=passage, ground=ground, reason=reason, made_at=at(2026, 11, 3) + dt.timedelta(minutes=n)
    )


OTHER_REASON = "This is about another person, and it is their information to share, not ours."
DOCUMENT_REASON = "A psychologist told us this in confidence."


def make(redactions=None, *, req=None, st=None, gathered=None) -> tuple[Artefact, Pack, str]:
    def one(build):
        return build(
            gathered=gathered or world(), redactions=redactions if redactions is not None else [],
            stage=st or stage(), request=req or request(), sender_name="Hemi Walker",
        )  # fmt: skip

    return one(build_pack), one(compose), one(pack_html)


def everything(artefact) -> str:
    return "\n".join(f"{i.section}\n{i.label}\n{i.text}" for i in artefact.items)


def item(artefact, key: str):
    return next(i for i in artefact.items if i.key == key)


def test_it_withholds_a_passage_everywhere_it_appears():
    artefact, pack, html = make([redaction("note:7", OTHER, reason=OTHER_REASON)])
    text = everything(artefact)
    assert OTHER not in text
    assert OTHER not in html
    number = next(n.number for n in pack.notes if n.item_key == "note:7")
    marker = f"[withheld: see note {number}]"
    # In the record it was marked on, in another record, in the chronology and in the life story.
    assert marker in item(artefact, "record:note:7").text
    assert marker in item(artefact, "record:report:5").text
    assert marker in item(artefact, "chronology:chronology:101").text
    assert f"{marker} (caregiver)" in item(artefact, "pack:story:carers").text


def test_it_withholds_a_whole_record_and_the_chronology_entries_that_point_at_it():
    artefact, pack, _ = make([redaction("document:3", ground="evaluative", reason=DOCUMENT_REASON)])
    number = next(n.number for n in pack.notes if n.item_key == "document:3")
    assert item(artefact, "record:document:3").text == f"[Withheld: see note {number}]"
    assert f"[Withheld: see note {number}]" in item(artefact, "chronology:chronology:104").text
    assert "Psychologist" not in everything(artefact)


def test_every_redaction_is_numbered_and_its_reason_explained():
    artefact, pack, html = make([
        redaction("note:7", OTHER, reason=OTHER_REASON, n=1),
        redaction("document:3", ground="evaluative", reason=DOCUMENT_REASON, n=2),
    ])  # fmt: skip
    assert [n.number for n in pack.notes] == list(range(1, len(pack.notes) + 1))
    withheld = item(artefact, "pack:withheld").text
    for note in pack.notes:
        assert f"Note {note.number}. {note.where}." in withheld
        assert note.reason in withheld
        assert f'id="note-{note.number}"' in html
    # Every marker in the pack points at a note that exists.
    numbers = {int(n) for n in re.findall(r"see note (\d+)\]", everything(artefact))}
    assert numbers
    assert numbers <= {n.number for n in pack.notes}
    assert {OTHER_REASON, DOCUMENT_REASON, NOTIFIER_REASON} <= {n.reason for n in pack.notes}


def test_the_notifier_never_appears_even_when_the_review_marked_nothing():
    artefact, pack, html = make([])
    for value in (NOTIFIER, NOTIFIER_PHONE, "Mereana"):
        assert value.casefold() not in everything(artefact).casefold()
        assert value.casefold() not in html.casefold()
    notifier_notes = [n for n in pack.notes if n.notifier]
    assert len(notifier_notes) == 2
    assert all(n.reason == NOTIFIER_REASON for n in notifier_notes)
    assert "who told us about a worry" in item(artefact, "pack:letter").text


def test_the_notifier_is_withheld_from_a_stage_without_their_report():
    # The report is in a later stage; the note and the chronology naming her are in this one.
    artefact, pack, _ = make([], st=stage(["note:7", "chronology:100"]))
    assert NOTIFIER not in everything(artefact)
    assert [n.item_key for n in pack.notes if n.notifier] == ["report:5"]


def test_a_notifier_redaction_the_review_marked_is_numbered_once():
    marked = redaction("report:5", NOTIFIER, ground="notifier", reason=NOTIFIER_REASON)
    marked.automatic = True
    _, pack, _ = make([marked])
    assert [n.where for n in pack.notes if n.notifier].count("Report of concern, 2 March 2015") == 2
    assert len([n for n in pack.notes if n.notifier]) == 2


def test_a_redaction_without_a_reason_is_still_explained_by_its_ground():
    _, pack, _ = make([redaction("document:3", ground="safety")])
    note = next(n for n in pack.notes if n.item_key == "document:3")
    assert note.reason == "It could put someone's safety at risk."


def test_statements_of_correction_sit_beside_their_entries():
    artefact, _, html = make([])
    entry = item(artefact, "chronology:chronology:101").text.split("\n\n")
    assert entry[1] == "Statement of correction: I was at school that day, not at home."
    record = item(artefact, "record:note:7").text
    assert record.endswith("Statement of correction: I was at school that day, not at home.")
    assert "<strong>Statement of correction:</strong> I was at school that day" in html


def test_the_warning_comes_first_when_anything_is_difficult():
    artefact, pack, html = make([], req=request(support_person="Mere, her kaiārahi at VOYCE"))
    assert artefact.items[0].section == "Before you read"
    assert "Mere, her kaiārahi at VOYCE" in artefact.items[0].text
    assert "Report of concern, 2 March 2015 (Your records)" in artefact.items[0].text
    assert "1 entry in “What happened, in order”, each marked “this may be hard to read”" in artefact.items[0].text
    assert item(artefact, "chronology:chronology:100").label == "Monday 2 March 2015 (this may be hard to read)"
    assert item(artefact, "record:report:5").label.endswith("(this may be hard to read)")
    assert html.index("Before you read") < html.index("Contents") < html.index("A letter to you")
    assert pack.sections[0] == ("before-you-read", "Before you read")


def test_the_warning_offers_the_privacy_team_when_nobody_is_named():
    artefact, _, _ = make([])
    assert "your social worker or our privacy team, on 0800 000 000" in artefact.items[0].text


def test_there_is_no_warning_when_nothing_is_difficult():
    artefact, pack, html = make([], st=stage(["placement:9", "chronology:103"]))
    assert artefact.items[0].section == "A letter to you"
    assert "Before you read" not in html
    assert not pack.warning


def test_a_difficult_record_withheld_whole_is_not_warned_about():
    gathered = world()
    whole = [redaction("report:5", reason=OTHER_REASON), redaction("chronology:100", reason=OTHER_REASON)]
    artefact, _, _ = make(whole, gathered=gathered)
    assert artefact.items[0].section == "A letter to you"


def test_the_sections_come_in_the_order_the_contract_gives():
    artefact, _, html = make([])
    seen: list[str] = []
    for i in artefact.items:
        if not seen or seen[-1] != i.section:
            seen.append(i.section)
    assert seen == list(SECTIONS)
    positions = [html.index(f">{s}</h2>") for s in SECTIONS]
    assert positions == sorted(positions)


def test_codes_are_explained_in_plain_words():
    artefact, pack, html = make([])
    happened = "\n".join(i.text for i in artefact.items if i.section == "What happened, in order")
    assert "S78 (a temporary custody order while the court decides) order made." in happened
    assert "Family group conference (FGC) held." in happened
    assert "Report of concern (ROC) received." in happened
    terms = {t.term for t in pack.glossary}
    assert {"s78", "FGC", "Report of concern", "Whānau", "Placement", "Caregiver"} <= terms
    assert "s78</dt>" in html
    assert "Section 78 of the Oranga Tamariki Act 1989" in html


def test_the_glossary_leaves_out_terms_the_pack_does_not_use():
    _, pack, _ = make([])
    assert "s101" not in {t.term for t in pack.glossary}


def test_the_chronology_is_told_in_date_order_with_dates_in_words():
    artefact, _, _ = make([])
    labels = [i.label.removesuffix(" (this may be hard to read)") for i in artefact.items
              if i.section == "What happened, in order"]  # fmt: skip
    assert labels[0] == "Monday 2 March 2015"
    assert labels == [
        "Monday 2 March 2015", "Wednesday 4 March 2015", "Monday 9 March 2015", "Wednesday 1 April 2015",
        "Monday 1 February 2016", "Sunday 1 May 2016",
    ]  # fmt: skip


def test_the_life_story_says_where_they_lived_and_who_cared_for_them():
    artefact, pack, _ = make([])
    assert [p.when for p in pack.story.places] == ["From 10 March 2015 to 20 January 2017", "From 20 January 2017"]
    assert pack.story.places[0].words == "With the Kingi whānau (whānau caregivers)"
    assert [p.words for p in pack.story.schools] == ["Started at Kauri Primary School"]
    assert pack.story.carers == ["Rangi Kingi (caregiver)", "Ana Lee (social worker)", f"{OTHER} (caregiver)"]
    assert "Where you lived" in [i.label for i in artefact.items]


def test_a_note_shows_every_version_with_who_and_why():
    artefact, _, _ = make([])
    record = item(artefact, "record:note:7").text
    assert "Version 1, written 4 March 2015 by Ana Lee" in record
    assert "Version 2, written 5 March 2015 by Ana Lee. Why it was changed: Wrong day recorded" in record
    assert "Nobody home." in record


def test_records_outside_the_stage_are_left_for_later_parts():
    artefact, pack, _ = make([])
    assert "record:letter:8" not in {i.key for i in artefact.items}
    assert "We hold 12 records about you. This part has 11 of them" in item(artefact, "pack:withheld").text
    assert "of the 12 we hold about you" in item(artefact, "pack:letter").text
    # The records one by one, and the chronology's entries counted (2,000 lines would list nothing).
    assert len(pack.included) == 6
    assert (
        pack.included[0] == "What happened, in order: 6 entries from your chronology, from 2 March 2015 to 1 May 2016"
    )


def test_the_letter_says_what_they_asked_for_and_their_rights():
    artefact, _, _ = make([redaction("note:7", OTHER, reason=OTHER_REASON)])
    letter = item(artefact, "pack:letter").text
    assert letter.startswith("Kia ora Ana,")
    assert "On 2 November 2026 you asked us" in letter
    assert "“Everything about my time in care”" in letter
    assert "ask us to correct it" in letter
    assert "Privacy Commissioner" in letter
    assert "Hemi Walker" in letter
    assert "SAR-ABCD-EFGH" in letter


def test_the_artefact_is_a_subject_access_pack_about_the_person():
    artefact, _, _ = make([])
    assert artefact.kind == "subject_access"
    assert artefact.subject_ids == [PERSON]
    assert {i.about_person for i in artefact.items} == {PERSON}
    assert artefact.case_id is None


def test_the_html_has_a_contents_list_whose_links_all_land_and_no_inline_styles():
    _, pack, html = make([])
    for anchor, _heading in pack.sections:
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html
    assert "style=" not in html
    assert "<script" not in html
    # Headings never skip a level.
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_a_withheld_passage_never_rewrites_a_marker_or_part_of_a_word():
    gathered = world()
    gathered.items[4].text = "Ana met Banana Jones. See the note."
    artefact, _, _ = make([redaction("document:3", "Ana", reason=OTHER_REASON),
                           redaction("document:3", "note", reason=OTHER_REASON, n=1)], gathered=gathered)  # fmt: skip
    text = item(artefact, "record:document:3").text
    assert "Banana Jones" in text
    assert re.fullmatch(r"\[withheld: see note \d\] met Banana Jones\. See the \[withheld: see note \d\]\.", text)


def test_plain_words_leave_ordinary_words_alone():
    assert glossary.plain("She swam at the pool; sw is not a code") == "She swam at the pool; sw is not a code"
    assert (
        glossary.plain("Under s 101 and S.78")
        == "Under s 101 (a custody order) and S.78 (a temporary custody order while the court decides)"
    )
    assert glossary.plain("s780") == "s780"


def test_an_entry_whose_text_repeats_its_title_says_it_once():
    gathered = world()
    gathered.items[7].text = "s78 order made\nInterim custody to the chief executive."
    artefact, _, _ = make([], gathered=gathered)
    assert item(artefact, "chronology:chronology:102").text == (
        "S78 (a temporary custody order while the court decides) order made. Interim custody to the chief executive."
    )


def test_the_life_story_says_when_they_came_into_care():
    gathered = world()
    gathered.items.append(
        GatheredItem(
            key="care:1",
            domain="care",
            source="Time in care",
            occurred_at=at(2015, 3, 9),
            ended_at=at(2024, 6, 1),
            title="You came into care on 9 March 2015",
            text="",
        )
    )
    _, pack, _ = make([], gathered=gathered, st=stage(["care:1", "placement:9"]))
    assert pack.story.places[0] == Place("9 March 2015", "You came into care; you left care on 1 June 2024")


def test_a_passage_inside_a_longer_withheld_one_gets_no_note_of_its_own():
    gathered = world()
    line = f"Told us: {NOTIFIER} (neighbour), {NOTIFIER_PHONE}"
    gathered.items[0].text = f"{line}\n\nShe said Ana had bruises."
    gathered.items[0].notifier_passages = [line, NOTIFIER, NOTIFIER_PHONE]
    artefact, pack, _ = make([], gathered=gathered, st=stage(["report:5"]))
    assert [n.number for n in pack.notes] == [1]
    assert item(artefact, "record:report:5").text.startswith("[withheld: see note 1]")


def test_an_fgc_reads_a_family_group_conference():
    assert glossary.plain("Plan agreed at an FGC.") == "Plan agreed at a family group conference (FGC)."


def test_the_warning_counts_hard_records_past_a_dozen_rather_than_list_them_all():
    gathered = world()
    for n in range(20):
        away = GatheredItem(key=f"missing:{n}", domain="care", source="Missing or away",
                            occurred_at=at(2016, 1, 1 + n), title="Away", text="", difficult=True)  # fmt: skip
        gathered.items.append(away)
    artefact, pack, _ = make([], gathered=gathered, st=stage([i.key for i in gathered.items]))
    assert len(pack.difficult) == 12 + 1 + 1
    assert "9 more records in “Your records”" in artefact.items[0].text
