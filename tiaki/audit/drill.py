"""The restore drill (`tiaki restore-drill`, docs/deployment.md, "Backups and restore"): back up this
database, restore the backup into a new one, and prove the copy is whole.

Whole means: every model's table has exactly as many rows in the copy as in
the database at the moment of the backup, and the copy's audit chain
verifies (``tiaki audit verify`` run in a fresh process pointed at the copy,
so nothing of this process's connection or settings leaks into the check).

It lives in the audit app because its verdict is the audit chain's: a
backup that restores rows but breaks the chain is not a backup of the
record. On PostgreSQL the counts and ``pg_dump`` share one exported
snapshot, so a drill on a live site compares like with like; on SQLite the
counts and the online backup share one read transaction.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

_TIMEOUT = 3600  # seconds for one pg_dump or pg_restore: a large site's restore takes a while


class DrillError(Exception):
    """The drill could not run: names what is missing or refused."""


@dataclass
class DrillReport:
    engine: str
    source: str
    copy: str
    dump: str
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    verify: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    kept: bool = False

    @property
    def mismatched(self) -> list[str]:
        return [table for table, (source, copy) in self.counts.items() if source != copy]

    @property
    def ok(self) -> bool:
        return not self.mismatched and bool(self.verify.get("ok"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "engine": self.engine,
            "source": self.source,
            "copy": self.copy,
            "copy_kept": self.kept,
            "dump": self.dump,
            "seconds": round(self.seconds, 3),
            "tables": {table: {"source": s, "copy": c} for table, (s, c) in self.counts.items()},
            "mismatched": self.mismatched,
            "verify": self.verify,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict())

    def __str__(self) -> str:
        width = max((len(table) for table in self.counts), default=5)
        lines = [f"Restore drill ({self.engine}): {self.source} -> {self.copy}", f"Backup: {self.dump}", ""]
        lines.append(f"{'table':<{width}}  {'source':>10}  {'copy':>10}")
        for table, (source, copy) in self.counts.items():
            flag = "" if source == copy else "  MISMATCH"
            lines.append(f"{table:<{width}}  {source:>10}  {copy:>10}{flag}")
        lines.append("")
        if self.verify.get("ok"):
            lines.append(f"Audit chain of the copy: intact, {self.verify.get('events')} events.")
        else:
            broken, problem = self.verify.get("broken_seq"), self.verify.get("problem")
            lines.append(f"Audit chain of the copy: BROKEN at event {broken}: {problem}")
        lines.append(f"{len(self.counts)} tables, {len(self.mismatched)} mismatched; took {self.seconds:.1f} s.")
        lines.append("The copy was kept." if self.kept else "The copy was dropped.")
        lines.append("Drill passed." if self.ok else "Drill FAILED.")
        return "\n".join(lines)


def model_tables() -> list[str]:
    """Every table a model owns (Tiaki's and the Django apps' it uses), sorted.

    The audit trail's tables are unmanaged (its migration creates them with
    their triggers), so unmanaged models count too, where their table exists."""
    existing = set(connection.introspection.table_names())
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and (model._meta.managed or model._meta.db_table in existing)
    }
    return sorted(tables)


def run_drill(*, dump_from: Path | None, keep: bool, out_dir: Path) -> DrillReport:
    started = time.perf_counter()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    if connection.vendor == "postgresql":
        report = _postgres(dump_from=dump_from, keep=keep, out_dir=out_dir, stamp=stamp)
    elif connection.vendor == "sqlite":
        report = _sqlite(dump_from=dump_from, keep=keep, out_dir=out_dir, stamp=stamp)
    else:
        raise DrillError(f"The restore drill knows PostgreSQL and SQLite, not {connection.vendor}.")
    report.seconds = time.perf_counter() - started
    return report


# --- PostgreSQL -------------------------------------------------------------


def _conn_params(dbname: str) -> dict[str, str]:
    db = connection.settings_dict
    params = {"dbname": dbname, "user": db.get("USER"), "password": db.get("PASSWORD"),
              "host": db.get("HOST"), "port": db.get("PORT")}  # fmt: skip
    return {key: str(value) for key, value in params.items() if value}


def _client_args(params: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    args = [f"--{name}={params[name]}" for name in ("host", "port") if name in params]
    if "user" in params:
        args.append(f"--username={params['user']}")
    env = {**os.environ}
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DrillError(
            f"{name} is not installed or not on PATH: install PostgreSQL's client tools (postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False)  # noqa: S603 - our own tools and arguments
    except subprocess.TimeoutExpired:
        raise DrillError(f"{what} did not finish within {_TIMEOUT} s.") from None
    if result.returncode != 0:
        # The tools' messages name objects and options, never row contents.
        message = (result.stderr or result.stdout).strip().splitlines()
        raise DrillError(f"{what} failed (exit {result.returncode}): {' / '.join(message[-3:])}")


def _postgres(*, dump_from: Path | None, keep: bool, out_dir: Path, stamp: str) -> DrillReport:
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    source = str(connection.settings_dict["NAME"])
    copy = f"{source[:40]}_drill_{stamp}"
    params = _conn_params(source)
    args, env = _client_args(params)
    tables = model_tables()
    dump = dump_from or out_dir / f"{copy}.dump"
    try:
        with psycopg.connect(make_conninfo(**params)) as source_conn:
            # One snapshot for the counts and the dump, so a live site's new
            # rows do not count as a mismatch.
            source_conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = source_conn.execute("SELECT pg_export_snapshot()").fetchone()
            counts = _pg_counts(source_conn, tables)
            if dump_from is None:
                _run([pg_dump, *args, "--format=custom", f"--snapshot={row[0] if row else ''}",
                      f"--file={dump}", source], env, "pg_dump")  # fmt: skip
            source_conn.rollback()
    except psycopg.OperationalError as exc:
        raise DrillError(f"Could not connect to the database {source!r}: {_first_line(exc)}") from None
    report = DrillReport("postgresql", source, copy, str(dump), kept=keep)
    _pg_create(params, copy)
    try:
        _run([pg_restore, *args, "--no-owner", "--exit-on-error", f"--dbname={copy}", str(dump)], env, "pg_restore")
        with psycopg.connect(make_conninfo(**{**params, "dbname": copy})) as copy_conn:
            copied = _pg_counts(copy_conn, tables)
        report.counts = {table: (counts[table], copied[table]) for table in tables}
        url = _postgres_url({**params, "dbname": copy})
        report.verify = verify_in_subprocess(url)
    finally:
        if not keep:
            _pg_drop(params, copy)
            _forget(dump, taken=dump_from is None)
    return report


def _pg_counts(conn: psycopg.Connection[Any], tables: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables:
        try:
            row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
        except psycopg.errors.UndefinedTable:
            raise DrillError(f"The table {table} is missing: run `tiaki migrate` on the source first.") from None
        counts[table] = int(row[0]) if row else 0
    return counts


def _pg_admin(params: dict[str, str], statement: sql.Composed) -> None:
    try:
        with psycopg.connect(make_conninfo(**{**params, "dbname": "postgres"}), autocommit=True) as admin:
            admin.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        raise DrillError(
            f"The database user {params.get('user', '(default)')!r} may not create or drop databases: "
            "run the drill as a role with CREATEDB (ALTER ROLE ... CREATEDB)."
        ) from None
    except psycopg.Error as exc:
        raise DrillError(f"The drill database could not be created or dropped: {_first_line(exc)}") from None


def _pg_create(params: dict[str, str], name: str) -> None:
    _pg_admin(params, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _pg_drop(params: dict[str, str], name: str) -> None:
    _pg_admin(params, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _postgres_url(params: dict[str, str]) -> str:
    from urllib.parse import quote

    auth = quote(params.get("user", ""), safe="")
    if "password" in params:
        auth += ":" + quote(params["password"], safe="")
    host = params.get("host", "localhost")
    port = f":{params['port']}" if "port" in params else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(params['dbname'], safe='')}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# --- SQLite -------------------------------------------------------------------


def _sqlite(*, dump_from: Path | None, keep: bool, out_dir: Path, stamp: str) -> DrillReport:
    source = str(connection.settings_dict["NAME"])
    if source == ":memory:" or "mode=memory" in source or not Path(source).is_file():
        raise DrillError(f"The SQLite database {source!r} is not a file: the drill backs up a database file.")
    tables = model_tables()
    copy = out_dir / f"{Path(source).stem}_drill_{stamp}.sqlite3"
    # Two drills in one second (or --from a kept copy) must not share a file.
    for n in range(2, 100):
        if not copy.exists() and copy != dump_from:
            break
        copy = out_dir / f"{Path(source).stem}_drill_{stamp}_{n}.sqlite3"
    dump = dump_from or out_dir / f"{Path(source).stem}_backup_{stamp}.sqlite3"
    if dump_from is not None and not dump_from.is_file():
        raise DrillError(f"The backup file {str(dump_from)!r} does not exist.")
    src = sqlite3.connect(source)
    try:
        # One read transaction for the counts and the online backup.
        src.execute("BEGIN")
        counts = _sqlite_counts(src, tables)
        if dump_from is None:
            with sqlite3.connect(dump) as target:
                src.backup(target)
            target.close()
        src.rollback()
    finally:
        src.close()
    # Restore = copy the backup file into place through the same API, as an
    # operator would (sqlite3 tiaki.sqlite3 ".restore backup.sqlite3").
    backup_conn, copy_conn = sqlite3.connect(dump), sqlite3.connect(copy)
    try:
        backup_conn.backup(copy_conn)
        copied = _sqlite_counts(copy_conn, tables)
    finally:
        backup_conn.close()
        copy_conn.close()
    report = DrillReport("sqlite", source, str(copy), str(dump), kept=keep)
    try:
        report.counts = {table: (counts[table], copied[table]) for table in tables}
        report.verify = verify_in_subprocess(f"sqlite:///{copy}")
    finally:
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            _forget(dump, taken=dump_from is None)
    return report


def _forget(dump: Path, *, taken: bool) -> None:
    # A backup the drill took holds every record: it does not stay behind in
    # VAR_DIR unless --keep asks for it. A backup given with --from is the
    # operator's and stays.
    if taken:
        dump.unlink(missing_ok=True)


def _sqlite_counts(conn: sqlite3.Connection, tables: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in tables:
        try:
            counts[table] = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608 - a model's table name
        except sqlite3.OperationalError:
            raise DrillError(f"The table {table} is missing: run `tiaki migrate` on the source first.") from None
    return counts


# --- Verify the copy ------------------------------------------------------------


def verify_in_subprocess(database_url: str) -> dict[str, Any]:
    """``tiaki audit verify --json`` in a fresh process on the copy."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "tiaki.config.settings"}
    env.setdefault("TIAKI_VAR_DIR", str(settings.VAR_DIR))
    env.pop("DATABASE_REPLICA_URL", None)  # the live site's replica has nothing to do with the copy
    command = [sys.executable, "-m", "tiaki", "audit", "verify", "--json"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False)  # noqa: S603 - our own interpreter
    for line in reversed(result.stdout.strip().splitlines()):
        if line.startswith("{"):
            verdict: dict[str, Any] = json.loads(line)
            return verdict
    tail = " / ".join(result.stderr.strip().splitlines()[-2:])
    return {
        "ok": False,
        "broken_seq": None,
        "problem": f"verify did not run on the copy (exit {result.returncode}): {tail}",
    }
