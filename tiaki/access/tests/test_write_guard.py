"""Writes to personal data happen only in services (and migrations, the
synthetic-data generator and tests): a view, form, serializer, selector or
command that writes through the ORM fails here, so the permission check and
the audit event in the service cannot be skipped."""

from __future__ import annotations

import ast
from pathlib import Path

import tiaki

ROOT = Path(tiaki.__file__).parent
WRITES = {"create", "bulk_create", "update", "delete", "save", "get_or_create", "update_or_create", "bulk_update"}
# Models holding personal information or access to it.
PERSONAL = {
    "Person", "PersonName", "Address", "PersonAddress", "Relationship",
    "ReportOfConcern", "ReportPerson", "Case", "CaseParticipant", "CaseEvent", "Task",
    "CaseNote", "CaseNoteVersion", "NoteSubject", "Plan", "PlanVersion", "FamilyGroupConference",
    "CourtOrder", "EngagementAttempt", "Document", "CaseEmail", "ChronologyEntry",
    "BreakGlassGrant", "SealedGrant", "StaffSubjectLink", "PrivacyInduction", "IntakeDuty",
    "AuditEvent", "AuditSubject", "AuditChainHead",
}  # fmt: skip
# Where ORM writes are the point: services, migrations, the synthetic agency
# (demo/), the benchmark's own fixtures (bench/), the audit trail's writer.
ALLOWED_PARTS = {"services", "migrations", "tests", "demo", "bench"}
ALLOWED_FILES = {"services.py", "bulk.py", "chain.py"}
# Modules that only parse input and render: no ORM write of any kind.
THIN = {"views", "forms.py", "serializers.py", "selectors.py", "web", "api"}


def _allowed(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return path.name in ALLOWED_FILES or bool(ALLOWED_PARTS & set(rel.parts[:-1])) or rel.parts[0] in ALLOWED_PARTS


def _thin(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return path.name in THIN or bool(THIN & set(rel.parts[:-1]))


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def offending_writes() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if _allowed(path):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES):
                continue
            receiver = node.func.value
            if _thin(path) or ((PERSONAL & _names_in(receiver)) and "objects" in _names_in(receiver)):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} .{node.func.attr}()")
    return found


def test_no_orm_writes_to_personal_data_outside_services():
    assert offending_writes() == []


def test_the_guard_catches_a_write_in_a_view(tmp_path, monkeypatch):
    fake = tmp_path / "tiaki"
    (fake / "web" / "views").mkdir(parents=True)
    (fake / "web" / "views" / "sneaky.py").write_text(
        "def v(request):\n    Person.objects.filter(pk=1).update(sealed=False)\n"
    )
    (fake / "intake").mkdir()
    (fake / "intake" / "jobs.py").write_text("def j():\n    ReportOfConcern.objects.create(reference='x')\n")
    (fake / "intake" / "services.py").write_text("def s():\n    ReportOfConcern.objects.create(reference='x')\n")
    monkeypatch.setattr(f"{__name__}.ROOT", fake)
    assert offending_writes() == ["tiaki/intake/jobs.py:2 .create()", "tiaki/web/views/sneaky.py:2 .update()"]
