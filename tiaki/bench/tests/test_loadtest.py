"""tiaki loadtest, tiny: a small seeded agency, one worker, five users for a
few seconds; every page of the mix is requested, none fails, the figures
parse, and the accounts are revoked afterwards. The parts on their own below."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection

from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import person_decision
from tiaki.bench.load.accounts import MADE_PREFIX, NotSeededError, prepare, require_seeded, revoke
from tiaki.bench.load.mix import ROLE_WEIGHTS, users_per_role
from tiaki.bench.load.pageforms import form_with, page_forms
from tiaki.bench.load.run import parse, percentile, run_loadtest
from tiaki.casework.models import Case
from tiaki.demo.generator import seed_agency
from tiaki.intake.loadtest import LoadTestError
from tiaki.people.models import PersonIdentifier
from tiaki.people.tests.factories import PersonFactory
from tiaki.staff.models import User

NOW = dt.datetime(2026, 6, 15, 3, 30, tzinfo=dt.UTC)
PERSONS = 300

#: Every request the mix makes (tiaki/bench/load/locustfile.py), by route.
PAGES = {
    "GET /", "GET /people/search/", "POST /people/search/", "GET /people/search/[token]/",
    "GET /people/[id]/", "GET /people/[id]/chronology/", "GET /cases/[id]/",
    "GET /cases/[id]/notes/add/", "POST /cases/[id]/notes/add/", "GET /cases/notes/[id]/",
    "GET /intake/queue/", "GET /intake/dashboard/", "GET /intake/reports/new/",
    "POST /intake/reports/people/search/", "GET /intake/reports/people/link/", "POST /intake/reports/draft/",
    "POST /intake/reports/new/", "GET /intake/reports/[id]/",
}  # fmt: skip


def _clean_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "TIAKI_VAR_DIR": str(tmp_path)}
    # Under libfaketime (`make test-at`) gevent's timers never fire; this is
    # about load, not the clock, so these processes run on the machine's own.
    for name in ("LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC"):
        env.pop(name, None)
    return env


@pytest.fixture
def seeded_url(tmp_path):
    """A database a served app can share with this test, seeded small: the
    test database itself on PostgreSQL (committed: the test is transactional);
    on SQLite (whose test database is in this process's memory) a file
    migrated and seeded by the real commands."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        assert s["NAME"].startswith("test_"), "seeding only ever the test database"
        seed_agency(persons=PERSONS, seed=1, reports=None)
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'tiaki.sqlite3'}"
    env = _clean_env(tmp_path, url)
    for command in (["migrate", "-v0"], ["seed", "--persons", str(PERSONS)]):
        subprocess.run([sys.executable, "-m", "tiaki", *command], env=env, check=True, timeout=120)  # noqa: S603
    return url


def _staff(url: str) -> list[tuple[str, str, bool]]:
    """(username, password hash, active) of the generated and load-test accounts."""
    if connection.vendor == "postgresql":
        rows = User.objects.filter(username__regex=r"^(staff|loadtest)-")
        return list(rows.values_list("username", "password", "is_active"))
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        query = (
            "SELECT username, password, is_active FROM staff_user "
            "WHERE username LIKE 'staff-%' OR username LIKE 'loadtest-%'"
        )
        return [(u, p, bool(a)) for u, p, a in db.execute(query)]


@pytest.mark.django_db(transaction=True)
def test_the_mix_runs_without_errors_and_every_page_is_measured(seeded_url, tmp_path):
    # Five users, one of each role, on one worker: SQLite queues its writers
    # (IMMEDIATE transactions, and every request saves its session), so more
    # users would measure the lock, not the mix.
    command = [
        sys.executable, "-m", "tiaki", "loadtest", "--users", "5", "--workers", "1", "--seconds", "6",
        "--ramp", "1", "--think", "0.05-0.3", "--tour", "--json",
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, env=_clean_env(tmp_path, seeded_url), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    (run,) = report["runs"]
    assert run["errors"] == 0, run["failures"]
    assert run["users"] == dict.fromkeys(ROLE_WEIGHTS, 1)
    assert {p["request"] for p in run["pages"]} == PAGES
    for page in run["pages"]:
        assert page["requests"] > 0
        assert page["max_ms"] >= page["p95_ms"] >= page["median_ms"] > 0, page
    assert run["per_second"] > 0
    assert run["server_cpu_seconds"] > 0
    if connection.vendor == "postgresql":  # its backends, sampled on this machine
        assert run["database_cpu_seconds"] > 0
    assert run["sign_in"]["requests"] == 5
    assert report["database"]["persons"] == PERSONS
    # Revoked: nothing signs in with the run's password afterwards.
    staff = _staff(seeded_url)
    assert all(p.startswith("!") for _, p, _ in staff)
    assert not [u for u, _, active in staff if u.startswith(MADE_PREFIX) and active]


@pytest.fixture
def small_agency(db):
    seed_agency(persons=PERSONS, seed=1, reports=None, now=NOW)


def test_each_account_may_open_what_it_is_given_and_revoke_undoes_it(small_agency):
    plan = prepare(users=10, think=(1, 3), now=NOW)
    try:
        for role in ("social-worker", "supervisor", "site-manager"):
            assert plan.accounts[role], role
            for account in plan.accounts[role]:
                user = User.objects.get(username=account.username)
                assert check_password(plan.password, user.password)
                assert account.persons
                assert all(person_decision(user, pid, now=NOW).allowed for pid in account.persons)
                for case_id in account.cases:
                    case = Case.objects.get(pk=case_id)
                    assert (case.allocated_worker_id, case.status) == (user.pk, Case.Status.OPEN)
        assert all(a.cases for a in plan.accounts["social-worker"])
        made = User.objects.filter(username__startswith=MADE_PREFIX)
        assert sorted(made.values_list("role", flat=True).distinct()) == [Role.ANALYST, Role.CONTACT_CENTRE]
        assert plan.names
        assert plan.children
    finally:
        revoke(plan)
    assert not PrivacyInduction.objects.filter(pk__in=plan.inductions_added).exists()
    assert all(not u.has_usable_password() for u in User.objects.filter(pk__in=plan.passwords_before))
    assert not User.objects.filter(username__startswith=MADE_PREFIX, is_active=True).exists()


def test_it_refuses_a_database_tiaki_seed_did_not_make(db):
    PersonFactory.create_batch(3)
    with pytest.raises(NotSeededError, match="tiaki seed"):
        require_seeded()


def test_it_refuses_a_database_behind_the_migrations(db, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("inbox", "0004")])
    with pytest.raises(NotSeededError, match="run `tiaki migrate` first"):
        require_seeded()


def test_it_refuses_a_register_with_real_nhi_numbers(small_agency):
    person = PersonFactory()
    PersonIdentifier.objects.create(person=person, kind=PersonIdentifier.Kind.NHI, value="ABC1235")
    with pytest.raises(NotSeededError, match="real"):
        require_seeded()
    with pytest.raises(LoadTestError, match="real"):
        run_loadtest(users=5, workers=[1], seconds=1)


@pytest.mark.parametrize("url", ["http://10.0.0.5:8000", "https://tiaki.example.govt.nz", "http://0.0.0.0:8000"])
def test_it_refuses_anything_but_loopback(url, db):
    with pytest.raises(LoadTestError, match="only runs against this machine"):
        run_loadtest(users=5, workers=[1], seconds=1, base_url=url)


@pytest.mark.parametrize(
    ("users", "workers", "seconds", "think"),
    [(4, [1], 1, (1, 3)), (5, [], 1, (1, 3)), (5, [0], 1, (1, 3)), (5, [1], 0, (1, 3)), (5, [1], 1, (3, 1))],
)
def test_it_refuses_a_run_it_cannot_do(users, workers, seconds, think, db):
    with pytest.raises(LoadTestError):
        run_loadtest(users=users, workers=workers, seconds=seconds, think=think)


def test_every_role_gets_one_user_and_the_rest_follow_the_weights():
    assert users_per_role(5) == dict.fromkeys(ROLE_WEIGHTS, 1)
    split = users_per_role(200)
    assert sum(split.values()) == 200
    assert split["social-worker"] > split["contact-centre"] > split["supervisor"] > split["site-manager"]
    assert split["analyst"] >= 1


def test_page_forms_submit_what_a_browser_would():
    html = """
    <form method="post" action="/a/" id="main">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="typed" value="kept"><input type="submit" name="go" value="Go">
      <input type="checkbox" name="about" value="1" checked><input type="checkbox" name="about" value="2">
      <input type="radio" name="kind" value="visit"><input type="radio" name="kind" value="phone" checked>
      <select name="site"><option value="3">A</option><option value="4" selected>B</option></select>
      <textarea name="text">
Kia ora</textarea>
    </form>
    <input name="q" form="finder" value="">
    <form id="finder" method="post" action="/find/"><input type="hidden" name="csrfmiddlewaretoken" value="tok"></form>
    """
    main, finder = page_forms(html)
    assert main.fields == [
        ("csrfmiddlewaretoken", "tok"), ("typed", "kept"), ("about", "1"), ("kind", "phone"), ("site", "4"),
        ("text", "Kia ora"),
    ]  # fmt: skip
    assert main.choices == {"kind": ["visit", "phone"], "site": ["3", "4"]}
    assert sorted(finder.fields) == [("csrfmiddlewaretoken", "tok"), ("q", "")]
    assert form_with(html, "q") is not None
    assert main.filled(about=["1", "2"], text="Kōrero") == [
        ("csrfmiddlewaretoken", "tok"), ("typed", "kept"), ("kind", "phone"), ("site", "4"),
        ("about", "1"), ("about", "2"), ("text", "Kōrero"),
    ]  # fmt: skip
    with pytest.raises(LookupError):
        form_with(html, "narrative")


def test_the_samples_become_per_page_figures():
    raw = {
        "window_seconds": 10.0,
        "samples": {"GET /": [float(ms) for ms in range(1, 101)], "POST /x/": [5.0, 7.0], "sign-in": [300.0]},
        "failures": [{"request": "GET /people/[id]/", "error": "404 (expected 200) from /people/[id]/", "count": 2}],
        "users": {"social-worker": 3},
    }
    result = parse(raw, workers=2)
    home, post = result.pages
    assert (home.request, home.requests, home.per_second, home.median_ms, home.p95_ms) == ("GET /", 100, 10.0, 51, 95)
    assert (post.requests, post.max_ms) == (2, 7.0)
    assert result.requests == 102
    assert result.per_second == 10.2
    assert result.errors == 2
    assert result.sign_in is not None
    assert result.sign_in.requests == 1
    assert percentile([], 0.95) == 0.0
