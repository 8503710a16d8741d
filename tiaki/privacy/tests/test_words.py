"""The audit trail's words (tiaki.privacy.words): every action and every
refusal code has them, and the codes become sentences."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import tiaki
from tiaki.access import scoping
from tiaki.access import services as access_services
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.people.merging import services as merging
from tiaki.privacy import words

CODES = re.compile(r"[a-z]+[._:][a-z_]+|permission_missing|no_relationship|case:\d")


def _sentence(
    action: AuditAction,
    *,
    outcome: str = "allowed",
    reason: str = "",
    relationship: str = "",
    subject_type: str = "",
    ids: tuple[int, ...] = (),
    names: words.Names | None = None,
    who: str = "Tūī Herewini",
) -> str:
    return words.sentence(
        who=who,
        action=action.value,
        outcome=outcome,
        reason=reason,
        relationship=relationship,
        subject_type=subject_type,
        ids=list(ids),
        names=names or words.Names(persons={}),
    )


@pytest.mark.parametrize("action", list(AuditAction))
def test_every_action_has_words_that_read_as_a_sentence(action):
    assert action in words.ACTIONS, f"{action!r} has no words in tiaki/privacy/words.py ACTIONS"
    done = _sentence(action, subject_type="case", ids=(7,), relationship="allocated-case:7")
    refused = _sentence(action, outcome="refused", reason="no_relationship", subject_type="case", ids=(7,))
    missing = _sentence(action, outcome="refused", reason="permission_missing")
    for text in (done, refused, missing):
        assert text.startswith("Tūī Herewini ")
        assert text.endswith(".")
        assert "{" not in text
        assert "." not in action.value or action.value not in text
    assert "no permission to" in missing


def _refusal_codes() -> set[str]:
    """Every refusal code: the constants of the modules that refuse, and
    every literal code passed to refuse() anywhere in the tree."""
    codes = {
        value
        for module in (scoping, access_services, merging)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+|sealed", value)
    }
    codes -= {merging.FLAG_PRIMARY}
    for path in Path(tiaki.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node, "func", None)
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if isinstance(node, ast.Call) and name in ("refuse", "refusal_record") and len(node.args) >= 2:
                codes |= {
                    c.value for c in ast.walk(node.args[1]) if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
    return codes


def test_every_refusal_code_has_a_plain_reason():
    codes = _refusal_codes()
    assert {"case_closed", "not_case_team", "sealed", "reason_too_short", "break_glass_only"} <= codes
    missing = sorted(c for c in codes if c != scoping.PERMISSION_MISSING and c not in words.REASONS)
    assert not missing, f"add plain reasons for {missing} to tiaki/privacy/words.py REASONS"


def test_the_briefs_sentences():
    names = words.Names(persons={3: "Māui Te Whare"})
    assert (
        _sentence(
            AuditAction.CHRONOLOGY_READ, subject_type="person", ids=(3,), relationship="allocated-case:507", names=names
        )
        == "Tūī Herewini opened the chronology of Māui Te Whare: allocated to case C-000507."
    )
    assert (
        _sentence(
            AuditAction.PERSON_LIST,
            subject_type="person",
            ids=(1, 2, 3, 4, 5, 6),
            relationship="list:allocated",
            who="Wiremu Te Whare",
        )
        == "Wiremu Te Whare listed 6 people on the home page."
    )
    assert (
        _sentence(AuditAction.CASE_READ, outcome="refused", reason="permission_missing", who="Hēmi Walker")
        == "Hēmi Walker was refused: no permission to read cases."
    )


def test_a_person_sealed_from_the_reader_is_not_named():
    names = words.Names(persons={3: "Māui Te Whare"})
    text = _sentence(
        AuditAction.PERSON_READ, subject_type="person", ids=(9,), relationship="sealed-grant:4", names=names
    )
    assert text == "Tūī Herewini opened the record of a sealed record: a named grant to a sealed record (4)."
    assert "Māui" not in text


@pytest.mark.parametrize(
    ("relationship", "said"),
    [
        ("case:507:plan:302:v1", "case C-000507, plan 302, version 1"),
        ("case:507:note:9", "case C-000507, case note 9"),
        ("decision:12", "triage decision 12"),
        ("decision:12:sent-back", "triage decision 12, sent back"),
        ("worker:5", "worker Aroha Ngata"),
        ("site-queue:1,2", "the allocation queue for Whangārei and Ōtautahi"),
        ("list:allocated", "on the home page"),
        ("plan:3:via-person:8:allocated-case:9", "plan 3, through a sealed record, allocated to case C-000009"),
        ("supervision-line:case:4", "supervises the worker allocated to case C-000004"),
        ("merged-into:3:allocated-report:6", "merged into Māui Te Whare, allocated to report of concern 6"),
        ("role:trainee->social-worker", "from Trainee social worker to Social worker"),
        ("break-glass:7", "emergency access 7"),
        ("token:all:2", "all 2 API tokens"),
        ("timeliness:2026-01-01:2026-01-31", "reports due from 2026-01-01 to 2026-01-31"),
        ("something-new:4", "something new, 4"),
        ("subject-access:12", "subject access request 12"),
        ("subject-access:12:due-notice", "subject access request 12, a notice that it is due"),
        ("subject-access:register:open", "the subject access register"),
        ("subject-access:find-person", "finding who a subject access request is about"),
        ("correction:4:note:9:v2", "correction request 4, case note 9, version 2"),
        ("corrections-of:3", "the correction requests of Māui Te Whare"),
    ],
)
def test_relationships_in_words(relationship, said):
    names = words.Names(persons={3: "Māui Te Whare"}, staff={5: "Aroha Ngata"}, sites={1: "Whangārei", 2: "Ōtautahi"})
    text = words.relationship_text(relationship, names)
    assert text == said
    assert not re.search(r"\w:\w", text)


def test_old_lists_recorded_as_reads_are_said_as_lists():
    # Before person.list, the home page recorded person.read "list:allocated": read, never rewritten.
    assert words.kind_of("person.read", "list:allocated", "allowed") == "listed"
    assert words.kind_of("person.read", "allocated-case:1", "allowed") == "opened"
    assert words.kind_of("person.list", "list:allocated", "allowed") == "listed"
    assert words.kind_of("person.read", "", "refused") == "refused"
    old = words.sentence(
        who="Wiremu",
        action="person.read",
        outcome="allowed",
        reason="",
        relationship="list:allocated",
        subject_type="person",
        ids=[1, 2, 3, 4],
        names=words.Names(this_person=2),
    )
    assert old == "Wiremu listed this record and 3 others: on the home page."


def test_roles_by_their_labels():
    assert words.role_label(Role.SOCIAL_WORKER.value) == "Social worker"
    assert words.role_label("system") == "Tiaki"
    assert words.role_label("") == ""


def test_no_sentence_holds_a_code():
    text = " ".join(
        _sentence(action, outcome=outcome, reason=reason, subject_type="person", ids=(1,), relationship=rel)
        for action in AuditAction
        for outcome, reason in (("allowed", ""), ("refused", "permission_missing"), ("refused", "sealed"))
        for rel in ("case:507:plan:302:v1", "list:allocated", "allocated-case:9")
    )
    assert not CODES.search(text.replace("C-000", "")), CODES.search(text)
