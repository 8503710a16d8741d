"""``tiaki create-administrator``: the first administrator, audited; bad
input named, nothing half made."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db
GOOD = "korimako-tui-kereru"


def _file(tmp_path, text: str):
    path = tmp_path / "password"
    path.write_text(text + "\n")
    return path


def test_it_creates_an_administrator_and_records_the_event(tmp_path, capsys):
    call_command("create_administrator", "admin-aroha", "--first-name", "Aroha", "--email", "aroha@agency.example",
                 "--password-file", str(_file(tmp_path, GOOD)))  # fmt: skip
    user = User.objects.get(username="admin-aroha")
    assert user.role == Role.ADMINISTRATOR
    assert user.check_password(GOOD)
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_id is None
    assert event.subject_ids == f"[{user.pk}]"
    assert "Created the System administrator admin-aroha" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "too short"), ("password1234", "too common"), ("", "too short")],
)
def test_a_weak_password_is_refused_and_nothing_made(tmp_path, password, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_administrator", "admin-aroha", "--password-file", str(_file(tmp_path, password)))
    assert not User.objects.exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_taken_username_is_refused(tmp_path):
    User.objects.create(username="admin-aroha", role=Role.SOCIAL_WORKER)
    with pytest.raises(CommandError, match="already an account called 'Admin-Aroha'"):
        call_command("create_administrator", "Admin-Aroha", "--password-file", str(_file(tmp_path, GOOD)))


def test_a_missing_password_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the password file"):
        call_command("create_administrator", "admin-aroha", "--password-file", str(tmp_path / "nope"))
