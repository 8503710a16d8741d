"""The agency's day for locust: staff of each role sign in through the real
sign-in form and work through the pages they use, with think time between.

Run by ``tiaki loadtest`` (tiaki.bench.load.run), never by hand against a
real service: the plan it writes (tiaki.bench.load.accounts.Plan: accounts,
the run's password, the persons and cases each may open, names to search
for) is read from the file named by TIAKI_LOADTEST_PLAN, and the samples are
written to TIAKI_LOADTEST_OUT when locust quits. Every request is named by
its route (``/people/[id]/``), so figures are per page, not per record.

Every request is made without following redirects, as a browser's requests
are counted: a form POST is expected to answer 302/303 and its next page is
requested on its own. Anything else (a 404 from need-to-know, a bounce to
the sign-in page, a form error) is a failure, recorded with its status and
route only: response bodies hold names and are never kept.

Imports locust and the standard library only: gevent patches this process,
which must never load Django.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
import re
import time
from collections import Counter
from typing import Any

from locust import HttpUser, events, task
from locust.env import Environment

from tiaki.bench.load.mix import OUT_ENV, PLAN_ENV, ROLE_WEIGHTS
from tiaki.bench.load.pageforms import PageForm, form_with, page_forms

SIGN_IN = "/sign-in/"
_CANDIDATE = re.compile(r"person_id=(\d+)&amp;role=child")
_DRAFT_ID = re.compile(r'name="draft_id"[^>]*value="(\d+)"')
_CONCERNS = ("neglect", "emotional", "physical", "family-violence")


@functools.cache
def plan() -> dict[str, Any]:
    with open(os.environ[PLAN_ENV], encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


# --- What is measured ----------------------------------------------------------
# Sign-ins happen while users are spawned; the window measured starts when the
# last user is spawned (locust's spawning_complete) and ends when the run
# stops, so the figures are the steady mix, and sign-ins are reported apart.

_window: dict[str, float] = {}
_samples: dict[str, list[float]] = {}
_failures: Counter[tuple[str, str]] = Counter()
_started: Counter[str] = Counter()


@events.spawning_complete.add_listener
def _measure_from_now(user_count: int, **_: Any) -> None:
    _window.setdefault("start", time.monotonic())


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
    key = f"{request_type} {name}"
    if exception is not None:
        # Messages set below: a status and a route, never a body.
        _failures[(key, str(exception)[:200])] += 1
        return
    if name == SIGN_IN:
        if request_type == "POST":
            _samples.setdefault("sign-in", []).append(response_time)
    elif "start" in _window and "stop" not in _window:
        _samples.setdefault(key, []).append(response_time)


@events.user_error.add_listener
def _task_failed(user_instance: Any, exception: BaseException, tb: Any, **_: Any) -> None:
    # A task that raised (a page without the form it should have) is an error
    # too, though no request failed: by its type and message, never a page.
    user = getattr(user_instance, "user", user_instance)  # locust passes the task set, or the user
    _failures[(f"task of {type(user).__name__}", f"{type(exception).__name__}: {str(exception)[:200]}")] += 1


@events.test_stop.add_listener
def _stop(environment: Environment, **_: Any) -> None:
    _window.setdefault("stop", time.monotonic())


@events.quitting.add_listener
def _write(environment: Environment, **_: Any) -> None:
    start, stop = _window.get("start"), _window.get("stop", time.monotonic())
    result = {
        "window_seconds": (stop - start) if start is not None else 0.0,
        "samples": _samples,
        "failures": [{"request": k, "error": e, "count": n} for (k, e), n in sorted(_failures.items())],
        "users": dict(_started),
    }
    with open(os.environ[OUT_ENV], "w", encoding="utf-8") as handle:
        json.dump(result, handle)


# --- The staff ------------------------------------------------------------------

_next_account: dict[str, itertools.count[int]] = {}


class Staff(HttpUser):
    """Signs in once as an account of ``role``, then works with think time."""

    abstract = True
    role = ""

    def wait_time(self) -> float:
        low, high = plan()["think"]
        return random.uniform(low, high)

    def on_start(self) -> None:
        accounts = plan()["accounts"][self.role]
        n = next(_next_account.setdefault(self.role, itertools.count()))
        _started[self.role] += 1
        # More users than accounts share them round robin, each with its own session.
        self.account: dict[str, Any] = accounts[n % len(accounts)]
        page = self.get(SIGN_IN, SIGN_IN)
        if page is not None:
            form = form_with(page, "username")
            fields = form.filled(username=self.account["username"], password=plan()["password"])
            self.post(SIGN_IN, SIGN_IN, fields, expect_away_from=SIGN_IN)
        if plan().get("tour"):
            # Each page of the role once (tiaki loadtest --tour), so a short
            # run measures every page however the random choice falls.
            for each in dict.fromkeys(self.tasks):  # a task is listed once per weight
                each(self)  # type: ignore[operator]

    # Requests: no redirects followed; a failure names the status, never the body.

    def get(self, path: str, name: str, *, htmx: bool = False) -> str | None:
        headers = {"HX-Request": "true"} if htmx else {}
        with self.client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} (expected 200) from {name}")
                return None
            return r.text

    def post(
        self, path: str, name: str, fields: list[tuple[str, str]], *, htmx: bool = False, expect_away_from: str = ""
    ) -> str | None:
        """POST a form: 200 for an htmx part (its body returned), else a redirect
        (its Location returned) that does not lead back to ``expect_away_from``."""
        headers = {"HX-Request": "true"} if htmx else {}
        with self.client.post(
            path, data=fields, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as r:
            if htmx:
                if r.status_code != 200:
                    r.failure(f"{r.status_code} (expected 200) from {name}")
                    return None
                return r.text
            location = r.headers.get("Location", "")
            if r.status_code not in (302, 303) or (expect_away_from and location.startswith(expect_away_from)):
                r.failure(f"{r.status_code} (expected a redirect onward) from {name}")
                return None
            return location

    def person_id(self) -> int:
        return int(random.choice(self.account["persons"]))

    # Tasks the roles share.

    def home(self) -> None:
        self.get("/", "/")

    def search(self) -> None:
        page = self.get("/people/search/", "/people/search/")
        if page is None:
            return
        form = form_with(page, "q")
        # POSTed, as the page does: what is typed stays out of URLs and logs.
        result = self.post("/people/search/", "/people/search/", form.filled(q=random.choice(plan()["names"])))
        if result is not None:
            self.get(result, "/people/search/[token]/")

    def person(self) -> None:
        self.get(f"/people/{self.person_id()}/", "/people/[id]/")

    def chronology(self) -> None:
        self.get(f"/people/{self.person_id()}/chronology/", "/people/[id]/chronology/")

    def queue(self) -> None:
        self.get("/intake/queue/", "/intake/queue/")

    def dashboard(self) -> None:
        self.get("/intake/dashboard/", "/intake/dashboard/")


class SocialWorker(Staff):
    weight = ROLE_WEIGHTS["social-worker"]
    role = "social-worker"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(3)
    def person_search(self) -> None:
        self.search()

    @task(4)
    def person_record(self) -> None:
        self.person()

    @task(3)
    def person_chronology(self) -> None:
        self.chronology()

    @task(2)
    def case_page(self) -> None:
        self.get(f"/cases/{random.choice(self.account['cases'])}/", "/cases/[id]/")

    @task(1)
    def case_note(self) -> None:
        """Record a note on one of their own open cases, through the form."""
        case_id = random.choice(self.account["cases"])
        path = f"/cases/{case_id}/notes/add/"
        page = self.get(path, "/cases/[id]/notes/add/")
        if page is None:
            return
        form = form_with(page, "text")
        kind = random.choice(form.choices.get("kind") or ["other"])
        fields = form.filled(kind=kind, title="Load test note", text="Phoned the whānau to arrange the next visit.")
        note = self.post(path, "/cases/[id]/notes/add/", fields)
        if note is not None:
            self.get(note, "/cases/notes/[id]/")


class ContactCentre(Staff):
    """On the phones: searches, records reports of concern. They hold no
    allocation queue (report:allocate is for leaders); their queue is the
    home page's "Reports you recorded" panel."""

    weight = ROLE_WEIGHTS["contact-centre"]
    role = "contact-centre"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(2)
    def person_search(self) -> None:
        self.search()

    @task(2)
    def report_of_concern(self) -> None:
        """The record-a-report form as the page drives it: search for the child,
        link them, the draft saved as they type, then save."""
        page = self.get("/intake/reports/new/", "/intake/reports/new/")
        if page is None:
            return
        forms = page_forms(page)
        report = form_with(page, "narrative")
        finder = next((f for f in forms if f.id == "person-search"), None)
        child = None
        if finder is not None:
            found = self.post(
                "/intake/reports/people/search/",
                "/intake/reports/people/search/",
                finder.filled(q=random.choice(plan()["names"])),
                htmx=True,
            )
            if found is None:
                return
            hits = _CANDIDATE.findall(found)
            child = int(hits[0]) if hits else None
        child = child or int(random.choice(plan()["children"]))
        link = f"/intake/reports/people/link/?person_id={child}&role=child"
        if self.get(link, "/intake/reports/people/link/", htmx=True) is None:
            return
        typed = _typed(report, child)
        saved = self.post("/intake/reports/draft/", "/intake/reports/draft/", report.filled(**typed), htmx=True)
        if saved is None:
            return
        draft = _DRAFT_ID.search(saved)
        if draft:
            typed["draft_id"] = draft.group(1)
        recorded = self.post("/intake/reports/new/", "/intake/reports/new/", report.filled(**typed))
        if recorded is not None:
            self.get(recorded, "/intake/reports/[id]/")


def _typed(report: PageForm, child: int) -> dict[str, str | list[str]]:
    sites = [s for s in report.choices.get("site", []) if s]
    concern = random.choice(_CONCERNS)
    return {
        "site": random.choice(sites) if sites else report.value("site"),
        "person_id": str(child),
        "person_role": "child",
        "concerns": concern,
        "notifier_name": "Load test caller",
        "notifier_relationship": "Neighbour",
        "narrative": "The caller heard shouting next door late last night and a child crying for a long time.",
        "immediate_safety": "The child is at school today.",
    }


class Supervisor(Staff):
    weight = ROLE_WEIGHTS["supervisor"]
    role = "supervisor"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(3)
    def allocation_queue(self) -> None:
        self.queue()

    @task(2)
    def person_record(self) -> None:
        self.person()

    @task(2)
    def person_chronology(self) -> None:
        self.chronology()

    @task(1)
    def person_search(self) -> None:
        self.search()


class SiteManager(Staff):
    weight = ROLE_WEIGHTS["site-manager"]
    role = "site-manager"

    @task(2)
    def home_page(self) -> None:
        self.home()

    @task(2)
    def allocation_queue(self) -> None:
        self.queue()

    @task(2)
    def timeliness(self) -> None:
        self.dashboard()

    @task(1)
    def person_record(self) -> None:
        self.person()

    @task(1)
    def person_chronology(self) -> None:
        self.chronology()


class Analyst(Staff):
    weight = ROLE_WEIGHTS["analyst"]
    role = "analyst"

    @task(1)
    def home_page(self) -> None:
        self.home()

    @task(3)
    def timeliness(self) -> None:
        self.dashboard()


# Exactly the accounts prepared: each class spawns its role's share of users
# (tiaki.bench.load.mix.users_per_role), not locust's rounding of the weights.
# A function, not a module-level loop: locust collects every User class
# named in the module, and a loop variable would name one twice.
def _fix_counts() -> None:
    for staff in (SocialWorker, ContactCentre, Supervisor, SiteManager, Analyst):
        staff.fixed_count = int(plan()["users"].get(staff.role, 0))


if os.environ.get(PLAN_ENV):
    _fix_counts()
