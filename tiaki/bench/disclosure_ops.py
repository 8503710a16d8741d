"""Benchmark operations for the disclosure pipeline (issue 15 figures): a
20-page case summary PDF with its watermark, p95 <= 2 s; a 2,000-entry
chronology PDF, <= 20 s.

Both go through ``tiaki.disclosure.services.pipeline.release`` with
``render=True`` (guard, record, audit, render, the file kept for its one
download), as the bench actor sending to a child on its open case
(tiaki.bench.operations._allocate). The artefacts are built here from Items
of the length real entries have, so the figures measure the pipeline and
the PDF, not the letters part's builders; the page count is checked once
before timing and said in the description."""

from __future__ import annotations

from tiaki.bench.operations import BenchContext, Operation
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.services.pipeline import release

#: A case summary's sections, each a paragraph or two (about 1,100 characters an item).
SUMMARY_SECTIONS = ("Why we are involved", "What we know", "Worries", "Strengths", "Whānau views",
                    "Child's voice", "Plan", "Next steps")  # fmt: skip
SUMMARY_ITEMS = 66
CHRONOLOGY_ENTRIES = 2_000
#: The chronology is one PDF of a few hundred pages: a few timed runs, not the suite's hundreds.
CHRONOLOGY_REPEAT = 3
SUMMARY_REPEAT = 20

_SUMMARY_TEXT = (
    "The social worker visited the whānau at home and spoke with the child alone in her room. She talked about "
    "kapa haka practice, her friends at kura and the weekends with her nan. Her mother described the supports "
    "she has found helpful since the last review and the worries she still has about money and housing. "
    "\n\nThe family violence service has seen the mother three times this quarter; the school reports that "
    "attendance has improved to 92% and that the child is settled in class. The plan's actions were reviewed "
    "one by one with the whānau: two are done, one is under way and one needs the housing provider to reply. "
    "Everyone agreed the next review in six weeks."
)


def _summary(child_id: int, case_id: int | None) -> Artefact:
    items = [
        Item(key=f"summary-{n}", label=f"{SUMMARY_SECTIONS[n % len(SUMMARY_SECTIONS)]} ({n // 8 + 1})",
             text=_SUMMARY_TEXT, about_person=child_id, section=SUMMARY_SECTIONS[n % len(SUMMARY_SECTIONS)])
        for n in range(SUMMARY_ITEMS)
    ]  # fmt: skip
    return Artefact(kind="case_summary", title="Case summary", case_id=case_id, subject_ids=[child_id], items=items)


def _chronology(child_id: int, case_id: int | None) -> Artefact:
    items = [
        Item(key=f"entry-{n}", label=f"{1 + n % 28} {('March', 'June', 'September', 'December')[n % 4]} "
             f"{2004 + n // 92}: {('Home visit', 'Phone call', 'School meeting', 'Health check')[n % 4]}",
             text="Seen at home with her mother; talked about school and her friends. Next visit booked in "
             "four weeks.", about_person=child_id, section=str(2004 + n // 92))
        for n in range(CHRONOLOGY_ENTRIES)
    ]  # fmt: skip
    return Artefact(kind="chronology", title="Chronology", case_id=case_id, subject_ids=[child_id], items=items)


def disclosure_operations(ctx: BenchContext) -> list[Operation]:
    child_id = ctx.person_id(0)
    recipient = Recipient(kind="person", label="The young person", person_id=child_id)
    summary, chronology = _summary(child_id, None), _chronology(child_id, None)

    def send(artefact: Artefact) -> int:
        out = release(actor=ctx.actor, artefact=artefact, recipient=recipient, purpose="Benchmark: their own record",
                      channel="download", render=True)  # fmt: skip
        assert out.pdf is not None
        assert out.disclosure.pages is not None
        return out.disclosure.pages

    pages = send(summary)

    def case_summary_pdf(i: int) -> object:
        return send(summary)

    def chronology_pdf(i: int) -> object:
        return send(chronology)

    return [
        Operation(
            "disclosure.case_summary_pdf",
            f"release() of a {pages}-page case summary PDF ({SUMMARY_ITEMS} sections), watermarked, kept for download",
            case_summary_pdf, repeat=SUMMARY_REPEAT,
        ),
        Operation(
            "disclosure.chronology_pdf_2000",
            f"release() of a {CHRONOLOGY_ENTRIES:,}-entry chronology PDF, watermarked on every page",
            chronology_pdf, repeat=CHRONOLOGY_REPEAT,
        ),
    ]  # fmt: skip
