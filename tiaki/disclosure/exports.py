"""Exports of a case's records as artefacts for the pipeline: a child's
chronology, the case summary, a child's plan, a child's About me.

Each reads ONLY through the domain's own selectors, with the actor, so what
an export holds is what the actor sees on screen: masked SENSITIVE entries
stay masked, sealed people stay absent, and the reads are audited as
theirs. The pipeline (services.pipeline.release) then guards, watermarks
and records it."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from tiaki.care.selectors.about import about_me_get
from tiaki.casework.selectors.cases import case_get
from tiaki.casework.selectors.records import plan_get
from tiaki.chronology.selectors import Entry, chronology_page
from tiaki.disclosure.artefacts import Artefact, Item
from tiaki.disclosure.models import Disclosure
from tiaki.staff.models import User

#: What may be exported, by the URL's and the API's ``kind``.
KINDS: dict[str, str] = {
    Disclosure.Kind.CHRONOLOGY: "Chronology",
    Disclosure.Kind.CASE_SUMMARY: "Case summary",
    Disclosure.Kind.PLAN: "Plan",
    Disclosure.Kind.ABOUT_ME: "About me",
}
#: The most chronology entries one export holds (pages of the selector's size).
MAX_CHRONOLOGY = 5_000
_PAGE = 500


def _moment(value: object) -> str:
    return date_format(timezone.localtime(value), "j F Y, g:i A") if value else ""  # type: ignore[arg-type]


def _day(value: object) -> str:
    return date_format(value, "j F Y") if value else ""  # type: ignore[arg-type]


def _task_text(task: object) -> str:
    text = f"Due {_day(getattr(task, 'due_on', None))} · {getattr(task, 'assigned_to', '')}"
    return text + (" · done" if getattr(task, "done_at", None) else "")


def _statement_lines(entry: Entry) -> list[str]:
    """A statement of correction travels with the entry it is attached to."""
    lines = []
    for statement in entry.statements:
        recorded = getattr(statement, "recorded_at", None)
        when = f" ({_day(timezone.localdate(recorded))})" if recorded else ""
        lines.append(f"Statement of correction{when}: {statement}")
    return lines


def build_chronology_artefact(actor: User, case_id: int | None = None, person_id: int | None = None) -> Artefact:
    """A child's chronology (``person_id``), or that of every child on
    ``case_id``, newest first, as the actor sees it."""
    children: list[tuple[int, str]] = []
    if person_id is None:
        view = case_get(actor=actor, case_id=case_id)  # type: ignore[arg-type]
        children = [(p.person_id, p.name) for p in view.children]
    else:
        children = [(person_id, "")]
    items: list[Item] = []
    names: dict[int, str] = {}
    for child_id, name in children:
        cursor: str | None = None
        while len(items) < MAX_CHRONOLOGY:
            page = chronology_page(actor=actor, person_id=child_id, cursor=cursor, page_size=_PAGE)
            names[child_id] = page.names.get(child_id) or name
            for entry in page.entries:
                items.append(Item(
                    key=f"entry-{entry.id}", label=f"{_moment(entry.occurred_at)} · {entry.kind_label}",
                    text="\n".join([f"{entry.title}\n{entry.summary}".strip(), *_statement_lines(entry)]),
                    about_person=child_id,
                    section=f"{names[child_id]}: {timezone.localtime(entry.occurred_at).year}",
                ))  # fmt: skip
            cursor = page.next_cursor
            if cursor is None:
                break
    who = ", ".join(names.values()) or "the child"
    return Artefact(kind=Disclosure.Kind.CHRONOLOGY, title=f"Chronology of {who}", case_id=case_id,
                    subject_ids=list(names), items=items)  # fmt: skip


def build_case_summary_artefact(actor: User, case_id: int) -> Artefact:
    """The case as its page shows it to the actor: its people, plans in
    brief, notes (masked ones masked), tasks and orders."""
    view = case_get(actor=actor, case_id=case_id)
    case = view.case
    items = [Item(
        key="case", label="The case", section="Case",
        text=(f"{case.reference} · {case.get_kind_display()} · {case.get_status_display()}\n"
              f"Opened {_moment(case.opened_at)} · Social worker: {view.worker_name}"),
    )]  # fmt: skip
    items += [
        Item(key=f"person-{p.person_id}", label=p.name, text=p.role_label, about_person=p.person_id, section="People")
        for p in view.participants
    ]
    items += [
        Item(
            key=f"note-{n.id}",
            label=f"{_moment(n.occurred_at)} · {n.kind_label}: {n.title}",
            text=n.text,
            section="Notes",
        )
        for n in view.notes
    ]
    items += [
        Item(
            key=f"task-{t.id}",
            label=t.title,
            text=f"Due {_day(t.due_on)} · {t.assigned_to}" + (" · done" if t.done_at else ""),
            section="Tasks",
        )
        for t in view.tasks
    ]
    items += [
        Item(
            key=f"order-{o.pk}",
            label=o.get_kind_display(),
            text=f"Made {_day(o.made_on)}",
            about_person=o.child_id,
            section="Court orders",
        )
        for o in view.orders
    ]
    return Artefact(kind=Disclosure.Kind.CASE_SUMMARY, title=f"Case summary {case.reference}", case_id=case_id,
                    subject_ids=[p.person_id for p in view.children], items=items)  # fmt: skip


def build_plan_artefact(actor: User, case_id: int, child_id: int | None = None) -> Artefact:
    """The current plan of a child on the case (the first child with a plan
    when ``child_id`` is not given)."""
    view = case_get(actor=actor, case_id=case_id)
    plans = [p for p in view.plans if child_id is None or p.child_id == child_id]
    if not plans:
        raise ValueError("There is no plan on this case to export.")
    history = plan_get(actor=actor, plan_id=plans[0].pk)
    current = history.current
    items: list[Item] = []
    if current is not None:
        for number, goal in enumerate(current.goals, start=1):
            items.append(Item(
                key=f"goal-{number}", label=f"Goal {number}: {goal.get('goal', '')}", section="Goals",
                text=f"{goal.get('action', '')}\nWho: {goal.get('who', '')}"
                     + (f" · By {goal['by']}" if goal.get("by") else ""),
                about_person=history.plan.child_id,
            ))  # fmt: skip
        items.append(Item(key="child-voice", label="In their own words", text=current.child_voice,
                          about_person=history.plan.child_id, section="Voice of the child"))  # fmt: skip
        if current.whanau_views:
            items.append(Item(key="whanau-views", label="Whānau views", text=current.whanau_views,
                              section="Whānau"))  # fmt: skip
        items.append(Item(key="review", label="Review", text=f"Review on {_day(current.review_on)}", section="Review"))
    return Artefact(kind=Disclosure.Kind.PLAN, title=f"Plan for {history.child_name}", case_id=case_id,
                    subject_ids=[history.plan.child_id], items=items)  # fmt: skip


def build_about_me_artefact(actor: User, child_id: int, case_id: int | None = None) -> Artefact:
    """A child's About me (the current version), topic by topic."""
    about = about_me_get(actor=actor, child_id=child_id)
    items = [
        Item(
            key=f"about-{n}",
            label=topic.label,
            text=(f"“{item.text}”" if item.own_words else item.text),
            about_person=child_id,
            section=topic.label,
        )
        for n, (topic, item) in enumerate(((t, i) for t in about.filled_topics for i in t.items), start=1)
    ]
    return Artefact(kind=Disclosure.Kind.ABOUT_ME, title=f"About {about.child_name}", case_id=case_id,
                    subject_ids=[child_id], items=items)  # fmt: skip


def build(actor: User, kind: str, case_id: int) -> Artefact:
    """The export ``kind`` of case ``case_id`` (for the page and the API)."""
    if kind == Disclosure.Kind.CHRONOLOGY:
        return build_chronology_artefact(actor, case_id=case_id)
    if kind == Disclosure.Kind.CASE_SUMMARY:
        return build_case_summary_artefact(actor, case_id)
    if kind == Disclosure.Kind.PLAN:
        return build_plan_artefact(actor, case_id)
    if kind == Disclosure.Kind.ABOUT_ME:
        view = case_get(actor=actor, case_id=case_id)
        if not view.children:
            raise ValueError("There is no child on this case.")
        return build_about_me_artefact(actor, view.children[0].person_id, case_id)
    raise ValueError("Choose what to export.")
