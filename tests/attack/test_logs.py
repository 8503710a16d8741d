"""Request logs carry no personal data: whatever a user or a script puts in a
query string, a header or a body, no seeded name or birth date reaches the
log lines of runserver (django.server, Django's own request handler on a real
socket), Django's request warnings (django.request) or gunicorn (its access
and error logs, with tiaki.config.gunicorn).

Each test sends real HTTP requests over loopback, some signed in, some not,
some well-formed and some not, reads what the configured handlers wrote and
fails if any form of the name or birth date appears (as typed, lower case,
percent- or plus-encoded, in the usual date formats). Each also checks that
the requests were logged at all, so it cannot pass by logging nothing.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.test import Client
from knox.models import AuthToken

from tiaki.people.tests.factories import PersonNameFactory
from tiaki.web.logging import PrivateJsonFormatter, QueryStringFilter, strip_query_strings

GIVEN, FAMILY = "Mereana", "Tawhirimātea"
BORN = dt.date(2015, 3, 4)


def needles() -> list[str]:
    """Every form the seeded name and birth date could take in a log line."""
    forms = {GIVEN, FAMILY, FAMILY.replace("ā", "a"), f"{GIVEN} {FAMILY}"}
    encoded = set()
    for text in forms:
        encoded |= {urllib.parse.quote(text), urllib.parse.quote_plus(text)}
    dates = {BORN.isoformat(), BORN.strftime("%d/%m/%Y"), "4/3/2015", BORN.strftime("%Y%m%d"), "04-03-2015"}
    return sorted(n.lower() for n in forms | encoded | dates)


def leaks(log: str) -> list[str]:
    lowered = log.lower()
    return [needle for needle in needles() if needle in lowered]


QUERY = urllib.parse.urlencode(
    {"q": f"{GIVEN} {FAMILY}", "given_names": GIVEN, "family_name": FAMILY, "date_of_birth": BORN.isoformat()}
)
ASCII_NAME = f"{GIVEN} {FAMILY.replace('ā', 'a')}"
# Headers a script or a browser sends: a referrer holding a search's address,
# and free-text headers (latin-1 only on the wire).
HEADERS = {
    "Referer": f"http://127.0.0.1/people/search/?{QUERY}",
    "User-Agent": f"script for {ASCII_NAME} born {BORN.isoformat()}",
    "X-Note": f"{ASCII_NAME} {BORN.strftime('%d/%m/%Y')}",
}
FORM_BODY = urllib.parse.urlencode({"q": f"{GIVEN} {FAMILY}", "date_of_birth": BORN.strftime("%d/%m/%Y")})
JSON_BODY = json.dumps({"given_names": GIVEN, "family_name": FAMILY, "date_of_birth": BORN.isoformat()})


def send(port: int, method: str, path: str, *, body: str = "", headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body.encode() if body else None, headers={**HEADERS, **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def send_raw(port: int, request_line: str) -> bytes:
    """A request line as a careless script writes it (spaces unencoded)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request_line.encode() + b"\r\nHost: 127.0.0.1\r\n\r\n")
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer


def send_all(port: int, *, cookie: str = "", token: str = "") -> list[int]:
    """The attack: the name and birth date everywhere a request can carry them."""
    signed_in = {"Cookie": cookie} if cookie else {}
    api = {"Authorization": f"Token {token}"} if token else {}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    as_json = {"Content-Type": "application/json"}
    statuses = [
        send(port, "GET", f"/people/search/?{QUERY}", headers=signed_in),
        send(port, "GET", f"/people/new/?{QUERY}", headers=signed_in),
        send(port, "GET", f"/no-such-page/?{QUERY}", headers=signed_in),
        send(port, "GET", f"/people/999999999/?{QUERY}", headers=signed_in),
        send(port, "GET", f"/admin/users/?{QUERY}", headers=signed_in),
        # No CSRF token: refused (403), the form's body never logged.
        send(port, "POST", f"/people/search/?{QUERY}", body=FORM_BODY, headers={**signed_in, **form}),
        send(port, "GET", f"/api/v1/persons/search?{QUERY}", headers=api),
        send(port, "POST", f"/api/v1/persons/search?{QUERY}", body=JSON_BODY, headers={**api, **as_json}),
        send(port, "GET", f"/api/v1/persons/999999999?{QUERY}", headers=api),
        send(port, "GET", f"/api/v1/no-such-endpoint?{QUERY}", headers=api),
        send(port, "POST", "/api/v1/persons", body="{" + JSON_BODY, headers={**api, **as_json}),
        send(port, "GET", f"/sign-in/?next=/people/search/%3F{urllib.parse.quote(QUERY)}"),
    ]
    send_raw(port, f"GET /people/search/?q={ASCII_NAME}&dob={BORN.isoformat()} HTTP/1.1")
    send_raw(port, f"GET /people/search/?q={ASCII_NAME}")
    return statuses


# --- runserver ------------------------------------------------------------------


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """What the configured handlers write (settings.LOGGING), into a buffer,
    with runserver's request log turned up to every request: an operator may,
    and the filter must hold for 2xx and 3xx lines too."""
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    for name in ("django", "django.server", "django.request", "django.security.csrf"):
        handlers += [h for h in logging.getLogger(name).handlers if isinstance(h, logging.StreamHandler)]
    streams = [(handler, handler.setStream(buffer)) for handler in handlers]
    last_resort = logging.lastResort
    logging.lastResort = logging.StreamHandler(buffer)  # a logger without handlers would write here
    server_logger = logging.getLogger("django.server")
    level = server_logger.level
    server_logger.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        server_logger.setLevel(level)
        logging.lastResort = last_resort
        for handler, stream in streams:
            handler.setStream(stream)


@pytest.fixture
def runserver() -> Iterator[int]:
    """Django's development server as `tiaki runserver` runs it (its
    WSGIServer with threads and its WSGIRequestHandler, which writes the
    django.server lines; the test client and pytest-django's live_server use
    handlers that log nothing), on a free loopback port."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _person_to_leak_and_a_session(alice, child) -> tuple[str, str]:
    """The child given the name and birth date the requests send, and alice's
    session cookie and API token to send them with."""
    PersonNameFactory(person=child, given_names=GIVEN, family_name=FAMILY, is_primary=False)
    child.date_of_birth = BORN
    child.save(update_fields=["date_of_birth"])
    client = Client()
    client.force_login(alice)
    _, token = AuthToken.objects.create(alice)
    return f"sessionid={client.cookies['sessionid'].value}", token


@pytest.mark.django_db(transaction=True)
def test_it_keeps_names_and_birth_dates_out_of_runserver_and_django_logs(runserver, captured_logs, alice, child):
    cookie, token = _person_to_leak_and_a_session(alice, child)

    statuses = send_all(runserver, cookie=cookie, token=token) + send_all(runserver)

    log = captured_logs.getvalue()
    assert {404, 403, 401} <= set(statuses)
    # The requests were logged (runserver's request lines and Django's warnings)...
    assert re.search(r'"GET /no-such-page/ HTTP/1\.1" 404', log)
    assert '"GET /people/search/ HTTP/1.1" 200' in log
    assert "Not Found: /no-such-page/" in log
    assert "Forbidden (CSRF" in log
    # ...and nothing of the person with them.
    assert leaks(log) == [], log


@pytest.fixture
def json_logs(captured_logs: io.StringIO) -> Iterator[io.StringIO]:
    """The same handlers writing JSON lines (TIAKI_LOG_FORMAT=json)."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    formatters = [(handler, handler.formatter) for handler in handlers]
    for handler in handlers:
        handler.setFormatter(PrivateJsonFormatter())
    try:
        yield captured_logs
    finally:
        for handler, formatter in formatters:
            handler.setFormatter(formatter)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_names_and_birth_dates_out_of_json_logs(runserver, json_logs, alice, child):
    cookie, token = _person_to_leak_and_a_session(alice, child)

    send_all(runserver, cookie=cookie, token=token)

    lines = [json.loads(line) for line in json_logs.getvalue().splitlines() if line.startswith("{")]
    # Every value decoded (JSON escapes "ā"), each line with its fields...
    decoded = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    assert lines, json_logs.getvalue()
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    requests = [line for line in lines if line["logger"] == "tiaki.request"]
    search = [line for line in requests if line["route"] == "web:person-search" and line["method"] == "GET"]
    assert search, decoded
    assert search[0]["user_id"] == alice.pk
    assert search[0]["status"] == 200
    assert isinstance(search[0]["duration_ms"], float)
    # ...and nothing of the person, nor the account's name.
    assert leaks(decoded) == [], decoded
    assert alice.username not in decoded
    assert "?" not in "".join(str(line.get("route", "")) for line in requests)


# --- gunicorn -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["text", "json"])
def gunicorn(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[int, Path, Path]]:
    """The app under gunicorn with tiaki.config.gunicorn, on a free loopback
    port, in its own empty var directory (signed-out requests only: it shares
    no database with the test)."""
    port = _free_port()
    out, err = tmp_path / "access.log", tmp_path / "error.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tiaki.config.settings",
        "TIAKI_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'empty.sqlite3'}",
        "TIAKI_GUNICORN_WORKERS": "1",
        "TIAKI_GUNICORN_THREADS": "2",
        # gunicorn's lines and Tiaki's own, as text and as JSON (production's default).
        "TIAKI_LOG_FORMAT": request.param,
    }
    command = [
        sys.executable, "-m", "gunicorn", "--config", "python:tiaki.config.gunicorn",
        "--bind", f"127.0.0.1:{port}", "tiaki.config.wsgi:application",
    ]  # fmt: skip
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr)  # noqa: S603 - our interpreter
        try:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, err.read_text()
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start listening"
                    time.sleep(0.1)
            yield port, out, err
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_it_keeps_names_and_birth_dates_out_of_gunicorns_logs(gunicorn):
    port, access, errors = gunicorn
    statuses = send_all(port)
    # Stopping gunicorn flushes its logs (the fixture's teardown does it too).
    assert {404, 401, 403} <= set(statuses)
    deadline = time.monotonic() + 30
    while access.read_text().count("\n") < len(statuses) and time.monotonic() < deadline:
        time.sleep(0.05)
    log = access.read_text() + errors.read_text()
    if log.lstrip().startswith("{"):
        lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines), log
        # Every value, decoded: JSON escapes quotes and letters such as "ā".
        log = "\n".join(" ".join(str(value) for value in line.values()) for line in lines)
        assert any(line.get("route") == "web:person-search" for line in lines), log
    # One access line per request: method, path, status, size, milliseconds, request id...
    line = re.search(r'"GET /no-such-page/" 404 \d+ \d+ms \[([0-9a-f]{32})\]', log)
    assert line, log
    assert '"POST /people/search/" 403' in log
    assert '"GET /api/v1/persons/search" 401' in log
    # ...and nothing of the person.
    assert leaks(log) == [], log


# --- the filter ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        ('"GET /people/search/?q=Mereana HTTP/1.1" 200 512', '"GET /people/search/ HTTP/1.1" 200 512'),
        ('"GET /x?name=Mereana Tawhirimatea HTTP/1.1" 400 -', '"GET /x HTTP/1.1" 400 -'),
        ('"GET /x?name=Mereana Tawhirimatea" 400 -', '"GET /x" 400 -'),
        ("Not Found: /people/1/", "Not Found: /people/1/"),
        (
            "Redirect to https://tiaki.example/sign-in/?next=/people/%3Fq%3DMereana",
            "Redirect to https://tiaki.example/sign-in/",
        ),
    ],
)
def test_it_cuts_query_strings_and_only_them(line, logged):
    assert strip_query_strings(line) == logged


def _record(msg: str, args: tuple[object, ...]) -> logging.LogRecord:
    return logging.LogRecord("django.server", logging.WARNING, __file__, 1, msg, args, None)


def test_it_cuts_query_strings_passed_as_log_arguments():
    record = _record('"%s" %s %s', ("GET /?q=Mereana HTTP/1.1", "404", "9"))
    QueryStringFilter().filter(record)
    assert record.getMessage() == '"GET / HTTP/1.1" 404 9'


def test_it_withholds_the_words_runserver_quotes_from_a_bad_request_line():
    record = _record("code %d, message %s", (400, "Bad request version ('Tawhirimatea')"))
    QueryStringFilter().filter(record)
    assert record.getMessage() == "code 400, message withheld (it quotes the request line)"


def test_it_withholds_the_text_gunicorn_quotes_from_a_bad_request_line():
    from tiaki.config.gunicorn import GunicornQueryStringFilter

    message = "Invalid request from ip=127.0.0.1: Invalid HTTP Version: 'Tawhirimatea&dob=2015-03-04 HTTP/1.1'"
    record = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1, message, None, None)
    GunicornQueryStringFilter().filter(record)
    assert (
        record.getMessage()
        == "Invalid request from ip=127.0.0.1: Invalid HTTP Version: (withheld: it quotes the request)"
    )
