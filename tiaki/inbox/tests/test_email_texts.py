"""No email carries personal data or a record reference: every caller's
``email_text`` is found in the code (every call to notification_send),
worked out in the caller's module with records whose every field but the allowed ones (a site's
name, a deadline) is a name, a birth date or a reference, and checked."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
from pathlib import Path
from typing import Any

import pytest

import tiaki
from tiaki.inbox.models import Notification
from tiaki.inbox.services import REFERENCE

ROOT = Path(tiaki.__file__).parent
NAME = "Tūī Herewini"
BIRTH_DATE = "12 March 2015"
POISON = f"{NAME}, born {BIRTH_DATE}, ROC-2026-0000042, C-000042"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)


class Record:
    """A record whose allowed fields are given and every other is personal data."""

    def __init__(self, **allowed: Any) -> None:
        self.__dict__.update(allowed)

    def __getattr__(self, name: str) -> str:
        return POISON


def _namespace(where: str, approve: bool) -> dict[str, Any]:
    """The caller's module (its functions and imports) with made-up records
    in place of its local variables."""
    module = importlib.import_module("tiaki." + where.split(":")[0].removesuffix(".py").replace("/", "."))
    site = Record(name="Ōtautahi")
    report = Record(site=site, response_due_at=NOW + dt.timedelta(hours=2))
    return vars(module) | {
        "report": report, "case": Record(site=site), "grant": Record(), "approve": approve, "now": NOW,
    }  # fmt: skip


def calls() -> list[tuple[str, ast.Call]]:
    """Every call to notification_send outside tests, by file and line."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == (
                "notification_send"
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def personal(text: str) -> list[str]:
    """What in ``text`` must not be in an email."""
    found = [m.group(0) for m in REFERENCE.finditer(text)] + [m.group(0) for m in DATE.finditer(text)]
    return found + [part for part in NAME.split() if part in text]


def test_it_finds_the_callers():
    assert len(calls()) >= 10


@pytest.mark.parametrize(("where", "call"), calls(), ids=[w for w, _ in calls()])
def test_every_caller_names_its_kind_and_an_email_text_without_personal_data(where, call):
    kind = _keyword(call, "kind")
    assert isinstance(kind, ast.Attribute), f"{where}: pass kind=Notification.Kind.X"
    assert kind.attr in Notification.Kind.names, where
    expression = _keyword(call, "email_text")
    assert expression is not None, f"{where}: pass email_text="
    for approve in (True, False):
        text = eval(compile(ast.Expression(expression), where, "eval"), _namespace(where, approve))  # noqa: S307 - our code
        assert isinstance(text, str), where
        assert text.strip(), where
        assert not personal(text), f"{where}: {text!r}"


def test_every_kind_has_a_caller_and_a_label_without_personal_data():
    used = {getattr(_keyword(call, "kind"), "attr", None) for _, call in calls()}
    assert used == set(Notification.Kind.names)
    for kind in Notification.Kind:
        assert not personal(str(kind.label)), kind


def test_the_check_finds_a_reference_a_name_and_a_birth_date():
    assert personal("Case C-000042 is yours") == ["C-0"]
    assert personal("A report ROC-2026-0000042") == ["ROC-2"]
    assert personal(f"About {NAME}") == ["Tūī", "Herewini"]
    assert personal("born 12 March 2015") == ["12 March 2015"]
    assert personal("born 2015-03-12") == ["2015-03-12"]
    assert not personal("A report at Ōtautahi is due in 2 hours and has no response yet.")
