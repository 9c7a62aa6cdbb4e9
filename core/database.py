"""Database engine tuning: SQLite in WAL mode with writers that wait instead of failing.

SQLite allows one writer at a time. A transaction that starts by reading and later writes can fail at once
with SQLITE_BUSY when another writer got in between, whatever the busy timeout. So every transaction opened
for a state-changing request starts with BEGIN IMMEDIATE, which takes the
write lock up front and waits for it (busy timeout); GET requests keep plain deferred transactions and never
block. Outside requests (CLI, tests) transactions are deferred too, unless the code says it will write with
`begin_write` (the cron command that closes overdue attempts does). A state-changing request whose slow part
only reads (the login, which verifies a password) says so with `begin_read`, and `begin_write` before it
writes. PostgreSQL needs none of this.
"""

from __future__ import annotations

from typing import Sequence

from flask import g, has_request_context, request
from sqlalchemy import Table, TextClause, bindparam, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let us emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes_expected() else "BEGIN")


def _writes_expected() -> bool:
    if not has_request_context():
        return g.get("encours_write", False)
    return g.get("encours_write", request.method not in READ_ONLY_METHODS)


def begin_write(session: Session) -> None:
    """Call in a GET view that must write (e.g. closing an overdue attempt on access): the read transaction
    is ended and the next one takes the write lock up front. Pass the Session itself (`db.session()`), not
    the scoped-session proxy."""
    g.encours_write = True
    if session.in_transaction():
        session.commit()


def begin_read(session: Session) -> None:
    """Call in a POST view that reads for a while before it writes (the login verifies a password: ~30 ms of
    CPU): its next transaction is deferred, so other writers do not wait for it; call `begin_write` before the
    first write. Pass the Session itself."""
    g.encours_write = False
    if session.in_transaction():
        session.commit()


def insert_on_conflict(table: Table, keys: Sequence[str], on_conflict: str, returning: str | None = None) -> TextClause:
    """`INSERT INTO table (keys) VALUES (...) <on_conflict> [RETURNING returning]` as a text clause typed by the
    table's columns.

    SQLAlchemy 2.0 does not cache the compilation of a dialect's `insert().on_conflict_...()` (the construct has
    no cache key), so each execution would compile it again: a good part of a hot path's time (autosave, exam
    start). A text clause is cached like any other statement, and SQLite and PostgreSQL write ON CONFLICT alike."""
    sql = (f"INSERT INTO {table.name} ({', '.join(keys)}) VALUES ({', '.join(':' + key for key in keys)}) "
           f"{on_conflict}" + (f" RETURNING {returning}" if returning else ""))
    clause = text(sql).bindparams(*(bindparam(key, type_=table.c[key].type) for key in keys))
    return clause.columns(table.c[returning]) if returning else clause
