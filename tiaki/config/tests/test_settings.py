"""Start-up refuses unsafe production settings, with a message naming each."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tiaki.config import cli

GOOD_KEY = "k" * 20 + "A9b8C7d6E5f4G3h2J1" + "x" * 20


STARTED = "import django; django.setup(); print('started')"


def start(code: str = STARTED, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TIAKI_", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_", "DEFAULT_FROM_EMAIL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "tiaki.config.settings"
    clean["TIAKI_VAR_DIR"] = os.environ.get("TIAKI_VAR_DIR", "var")
    return subprocess.run(  # noqa: S603 - runs this module's own code, never input
        [sys.executable, "-c", code],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "TIAKI_MODE": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "tiaki.agency.example",
    "DATABASE_URL": "postgres://tiaki@db.example:5432/tiaki",
    "TIAKI_BASE_URL": "https://tiaki.agency.example",
    "EMAIL_HOST": "smtp.agency.example",
    "DEFAULT_FROM_EMAIL": "Tiaki <tiaki@agency.example>",
}


def test_it_starts_in_production_with_safe_settings():
    result = start(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too short"),
        ({"TIAKI_DEBUG": "1"}, "TIAKI_DEBUG is on"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must name"),
        ({"DATABASE_URL": "sqlite:///var/x.sqlite3"}, "DATABASE_URL must be PostgreSQL"),
        ({"TIAKI_MFA_REQUIRED": "0"}, "TIAKI_MFA_REQUIRED is off"),
        ({"TIAKI_SIGNIN_THROTTLE": "no"}, "TIAKI_SIGNIN_THROTTLE is off"),
        ({"TIAKI_BASE_URL": ""}, "TIAKI_BASE_URL is not set"),
        ({"TIAKI_BASE_URL": "http://tiaki.agency.example"}, "TIAKI_BASE_URL must be an https:// address"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST is not set"),
        ({"DEFAULT_FROM_EMAIL": ""}, "DEFAULT_FROM_EMAIL is not set"),
        ({"TIAKI_METRICS_TOKEN": "short"}, "TIAKI_METRICS_TOKEN is too short"),
    ],
)
def test_it_refuses_to_start_in_production_with_an_unsafe_setting(change, message):
    result = start(**(PRODUCTION | change))
    assert result.returncode != 0
    assert "will not start in production mode" in result.stderr
    assert message in result.stderr


def test_it_lists_every_email_problem_at_once():
    result = start(**(PRODUCTION | {"TIAKI_BASE_URL": "", "EMAIL_HOST": "", "DEFAULT_FROM_EMAIL": ""}))
    assert result.returncode != 0
    for message in ("TIAKI_BASE_URL is not set", "EMAIL_HOST is not set", "DEFAULT_FROM_EMAIL is not set"):
        assert message in result.stderr


def settings_of(names: str, **env: str) -> list[str]:
    """The values of ``names`` (space-separated settings) as Tiaki starts with ``env``."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print('|'.join(str(getattr(settings, n)) for n in {names.split()!r}))"
    )
    result = start(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_demo_mode_writes_emails_to_files_and_links_to_the_local_server():
    backend, path, base = settings_of("EMAIL_BACKEND EMAIL_FILE_PATH TIAKI_BASE_URL")
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path.endswith("/mail")
    assert base == "http://127.0.0.1:8000"


def test_a_mail_server_is_used_when_named_and_its_password_read_from_a_file(tmp_path):
    secret = tmp_path / "password"
    secret.write_text("s3cret-smtp\n")
    backend, host, port, password = settings_of(
        "EMAIL_BACKEND EMAIL_HOST EMAIL_PORT EMAIL_HOST_PASSWORD",
        EMAIL_HOST="smtp.agency.example", EMAIL_PORT="2525", EMAIL_HOST_PASSWORD_FILE=str(secret),
    )  # fmt: skip
    assert (backend, host, port, password) == (
        "django.core.mail.backends.smtp.EmailBackend", "smtp.agency.example", "2525", "s3cret-smtp",
    )  # fmt: skip


def test_it_lists_every_problem_at_once():
    result = start(**(PRODUCTION | {"SECRET_KEY": "short", "TIAKI_DEBUG": "1", "ALLOWED_HOSTS": "",
                                    "TIAKI_MFA_REQUIRED": "0", "TIAKI_METRICS_TOKEN": "short"}))  # fmt: skip
    assert result.returncode != 0
    named = [line for line in result.stderr.splitlines() if line.strip().startswith("- ")]
    assert len(named) == 5, result.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(GOOD_KEY + "\n")
    result = start(**({k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret)}))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TIAKI_MODE": "staging"}, "TIAKI_MODE must be 'demo' or 'production'"),
        ({"TIAKI_DEBUG": "maybe"}, "TIAKI_DEBUG must be true or false"),
        ({"TIAKI_SESSION_IDLE_MINUTES": "soon"}, "TIAKI_SESSION_IDLE_MINUTES must be a whole number"),
        ({"DATABASE_URL": "mysql://root@localhost/tiaki"}, "DATABASE_URL must be a sqlite:// or postgres://"),
        ({"SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE points at"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on"),
        ({"EMAIL_HOST_PASSWORD_FILE": "/nonexistent/password"}, "EMAIL_HOST_PASSWORD_FILE points at"),
        ({"TIAKI_LOG_FORMAT": "xml"}, "TIAKI_LOG_FORMAT must be 'json' or 'text'"),
    ],
)
def test_it_names_a_bad_value_at_start_up(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_tiaki_command_maps_hyphenated_names_to_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["tiaki", "match-eval", "--help"])
    assert "usage: tiaki match_eval" in capsys.readouterr().out
