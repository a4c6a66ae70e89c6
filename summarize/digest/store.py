"""The digest's state: one SQLite file (WAL mode), versioned with migrations.

Tables:
  results   per-article results, keyed by cleaned-text sha256 + published date + prompt
            version + schema version + engine + model (see `cache_key`)
  inputs    raw input hash -> cleaned-text sha256 and its metadata, so a rerun need not
            re-ingest unchanged input
  ledger    one row per article summarized: tokens, attempts, duration and outcome
  failures  articles that failed, with the reason and how many runs tried them
  runs      each run: when, inputs, counts and exit status
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from summarize.models import SummaryResult

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE results (
        key TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        schema_version TEXT NOT NULL,
        engine TEXT NOT NULL,
        model TEXT NOT NULL,
        result_json TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE inputs (
        raw_sha256 TEXT NOT NULL,
        context TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        title TEXT,
        published TEXT,
        outlet TEXT,
        PRIMARY KEY (raw_sha256, context)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        inputs TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'running',
        exit_code INTEGER,
        report TEXT
    );
    CREATE TABLE ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        article TEXT NOT NULL,
        key TEXT NOT NULL,
        calls INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        seconds REAL NOT NULL,
        outcome TEXT NOT NULL,
        error TEXT,
        at TEXT NOT NULL
    );
    CREATE TABLE failures (
        key TEXT PRIMARY KEY,
        input TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_run INTEGER NOT NULL
    );
    """,
    # 2: ledger lookups by run
    "CREATE INDEX ledger_run ON ledger(run_id);",
    # 3: batch export/import (summarize.digest.batch)
    """
    CREATE TABLE batch_requests (
        custom_id TEXT PRIMARY KEY,
        body_sha256 TEXT NOT NULL,
        run_id INTEGER NOT NULL
    );
    CREATE TABLE batch_answers (
        custom_id TEXT PRIMARY KEY,
        response_json TEXT NOT NULL
    );
    """,
]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Identity:
    """What, besides the text, decides a result: the cache key's other parts."""

    engine: str
    model: str
    prompt_version: str
    schema_version: str


def cache_key(sha256: str, published: dt.date | None, identity: Identity) -> str:
    parts = [sha256, published.isoformat() if published else "", identity.prompt_version, identity.schema_version,
             identity.engine, identity.model]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedInput:
    sha256: str
    title: str | None
    published: dt.date | None
    outlet: str | None


class Store:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit; each write is its own short transaction, so a kill loses at most the article in flight.
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.migrate()

    def close(self) -> None:
        self.db.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        current = self.version
        for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.version >= number:  # another process migrated meanwhile
                    self.db.execute("ROLLBACK")
                    continue
                for statement in filter(str.strip, script.split(";")):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # --- inputs ----------------------------------------------------------------------

    def cached_input(self, raw_sha256: str, context: str) -> CachedInput | None:
        row = self.db.execute("SELECT sha256, title, published, outlet FROM inputs WHERE raw_sha256=? AND context=?",
                              (raw_sha256, context)).fetchone()
        if row is None:
            return None
        return CachedInput(row[0], row[1], dt.date.fromisoformat(row[2]) if row[2] else None, row[3])

    def remember_input(self, raw_sha256: str, context: str, found: CachedInput) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?,?)",
                        (raw_sha256, context, found.sha256, found.title,
                         found.published.isoformat() if found.published else None, found.outlet))

    # --- results ---------------------------------------------------------------------

    def get_results(self, keys: list[str]) -> dict[str, SummaryResult]:
        found: dict[str, SummaryResult] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self.db.execute(f"SELECT key, result_json FROM results WHERE key IN ({','.join('?' * len(chunk))})",
                                   chunk).fetchall()
            for key, text in rows:
                found[key] = SummaryResult.model_validate_json(text)
        return found

    def put_result(self, key: str, result: SummaryResult, identity: Identity) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?)",
                        (key, result.article.sha256, identity.prompt_version, identity.schema_version, identity.engine,
                         identity.model, result.model_dump_json(), now()))
        self.db.execute("DELETE FROM failures WHERE key=?", (key,))
        self.db.execute("COMMIT")

    def count_results(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    # --- failures --------------------------------------------------------------------

    def record_failure(self, key: str, input_name: str, reason: str, run_id: int) -> int:
        row = self.db.execute("SELECT attempts, last_run FROM failures WHERE key=?", (key,)).fetchone()
        attempts = 1 if row is None else row[0] + (row[1] != run_id)
        self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?,?)", (key, input_name, reason, attempts, run_id))
        return attempts

    def failure_attempts(self, key: str) -> int:
        row = self.db.execute("SELECT attempts FROM failures WHERE key=?", (key,)).fetchone()
        return row[0] if row else 0

    # --- batch -------------------------------------------------------------------------

    def record_exported(self, run_id: int, requests: list[tuple[str, str]]) -> None:
        """(custom_id, request body sha256) of the lines written to a batch file."""
        self.db.executemany("INSERT OR REPLACE INTO batch_requests VALUES (?,?,?)",
                            [(identifier, sha, run_id) for identifier, sha in requests])

    def put_batch_answers(self, answers: dict[str, dict]) -> int:
        self.db.executemany("INSERT OR REPLACE INTO batch_answers VALUES (?,?)",
                            [(identifier, json.dumps(body)) for identifier, body in answers.items()])
        return len(answers)

    def batch_answers(self) -> dict[str, tuple[str, dict]]:
        """custom_id -> (sha256 of the exported request body, the answer), for exported requests with answers."""
        rows = self.db.execute("SELECT a.custom_id, r.body_sha256, a.response_json FROM batch_answers a "
                               "JOIN batch_requests r ON r.custom_id = a.custom_id").fetchall()
        return {identifier: (sha, json.loads(text)) for identifier, sha, text in rows}

    # --- ledger and runs -------------------------------------------------------------

    def log_call(self, run_id: int, article: str, key: str, *, calls: int, prompt_tokens: int, completion_tokens: int,
                 attempts: int, seconds: float, outcome: str, error: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO ledger (run_id, article, key, calls, prompt_tokens, completion_tokens, attempts, seconds, "
            "outcome, error, at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (run_id, article, key, calls, prompt_tokens, completion_tokens, attempts, round(seconds, 3), outcome, error,
             now()))

    def ledger(self, run_id: int | None = None) -> list[dict]:
        query = "SELECT * FROM ledger" + (" WHERE run_id=?" if run_id is not None else "") + " ORDER BY id"
        cursor = self.db.execute(query, () if run_id is None else (run_id,))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def start_run(self, inputs: list[str]) -> int:
        # The caller holds the run lock: a run still marked running was killed before it finished.
        self.db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
        cursor = self.db.execute("INSERT INTO runs (started_at, inputs) VALUES (?, ?)", (now(), json.dumps(inputs)))
        return int(cursor.lastrowid)

    def finish_run(self, run_id: int, status: str, exit_code: int, report: dict) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, status=?, exit_code=?, report=? WHERE id=?",
                        (now(), status, exit_code, json.dumps(report, sort_keys=True), run_id))

    def runs(self) -> list[dict]:
        cursor = self.db.execute("SELECT * FROM runs ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def elapsed_since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
