"""Nightly operation of the digest: cache hits, idempotent reruns, failures retried, atomic outputs,
the run lock, resume after a killed run, feeds and windows, and server concurrency."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.digest_server import FixedLatencyServer
from summarize.digest import LockedError, build_digest
from summarize.digest.lock import RunLock
from summarize.digest.store import MIGRATIONS, Store
from summarize.settings import Settings
from tests.conftest import ROOT
from tests.test_digest_fixture import ARTICLES, GOLD, Precomputed

OUTPUTS = ("digest.json", "digest.md", "digest.html")


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def test_a_rerun_on_unchanged_input_makes_no_model_call_and_identical_files(tmp_path):
    store = tmp_path / "store.sqlite3"
    first = Precomputed()
    build_digest([ARTICLES], tmp_path / "one", store_path=store, summarizer=first)
    assert len(first.calls) == len(GOLD)
    again = Precomputed()
    run = build_digest([ARTICLES], tmp_path / "two", store_path=store, summarizer=again)
    assert again.calls == []
    assert run.report["cached"] == len(GOLD) and run.report["new"] == 0 and run.report["model_calls"] == 0
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_only_a_new_or_changed_article_reaches_the_model(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    store = tmp_path / "store.sqlite3"
    build_digest([folder], tmp_path / "out", store_path=store, summarizer=Precomputed())
    (folder / "halden_factory_strike.txt").unlink()
    shutil.copy(ARTICLES / "halden_factory_strike.txt", folder / "renamed_copy.txt")  # same text, new name: cached
    summarizer = Precomputed()
    run = build_digest([folder], tmp_path / "out", store_path=store, summarizer=summarizer)
    assert summarizer.calls == [] and run.report["cached"] == len(GOLD)


def test_a_failed_article_is_reported_and_retried_on_the_next_run(tmp_path):
    store = tmp_path / "store.sqlite3"
    broken = Precomputed(fail={"tarsk_river_festival.txt"})
    run = build_digest([ARTICLES], tmp_path / "out", store_path=store, summarizer=broken)
    assert run.status == "partial"
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert [Path(f["input"]).name for f in digest["failures"]] == ["tarsk_river_festival.txt"]
    assert "HTTP 500" in digest["failures"][0]["reason"]
    assert len(digest["stories"]) >= 5  # the other articles still make the digest
    ledger = Store(store).ledger()
    assert [row["outcome"] for row in ledger if row["article"].endswith("tarsk_river_festival.txt")] == ["failed"]

    fixed = Precomputed()
    run = build_digest([ARTICLES], tmp_path / "out", store_path=store, summarizer=fixed)
    assert fixed.calls == ["tarsk_river_festival.txt"]
    assert run.status == "complete" and json.loads((tmp_path / "out" / "digest.json").read_text())["failures"] == []


def test_cli_exit_codes_say_complete_partial_failed_and_locked(tmp_path):
    from typer.testing import CliRunner

    from summarize.cli import ExitCode, app

    server = FixedLatencyServer(latency=0.0).start()
    try:
        feed = tmp_path / "feed.jsonl"
        feed.write_text(json.dumps({"text": (ARTICLES / "tarsk_flood_northern_post.txt").read_text()}) + "\n"
                        + json.dumps({"text": ""}) + "\n")
        args = ["digest", str(feed), "-o", str(tmp_path / "out"), "--store", str(tmp_path / "s.sqlite3"),
                "--base-url", server.url]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == ExitCode.DIGEST_PARTIAL, result.output
        assert "no 'text' or 'html'" in result.output
        feed.write_text(json.dumps({"text": (ARTICLES / "tarsk_flood_northern_post.txt").read_text()}) + "\n")
        assert CliRunner().invoke(app, args).exit_code == ExitCode.OK
        with RunLock(tmp_path / "s.sqlite3.lock"):
            locked = CliRunner().invoke(app, args)
        assert locked.exit_code == ExitCode.LOCKED and "another digest run" in locked.output
        down = CliRunner().invoke(app, args[:-1] + ["http://127.0.0.1:9/v1", "--store", str(tmp_path / "t.sqlite3")],
                                  env={"SUMMARIZE_TRANSPORT_TRIES": "1"})
        assert down.exit_code == ExitCode.DIGEST_FAILED, down.output
        missing = CliRunner().invoke(app, ["digest", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
        assert missing.exit_code == ExitCode.NOT_FOUND
        bad_date = CliRunner().invoke(app, ["digest", str(feed), "-o", str(tmp_path / "o"), "--date", "June"])
        assert bad_date.exit_code == ExitCode.USAGE
    finally:
        server.stop()


def test_outputs_are_replaced_atomically(tmp_path, monkeypatch):
    store = tmp_path / "store.sqlite3"
    build_digest([ARTICLES], tmp_path / "out", store_path=store, summarizer=Precomputed())
    before = outputs(tmp_path / "out")

    import summarize.digest.atomic as atomic

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", crash)
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    (folder / "halden_factory_strike.txt").unlink()  # a different digest would be written
    with pytest.raises(OSError, match="disk full"):
        build_digest([folder], tmp_path / "out", store_path=store, summarizer=Precomputed())
    assert outputs(tmp_path / "out") == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUTS + ("run-report.json",))


def test_one_run_at_a_time_and_a_dead_holders_lock_is_recovered(tmp_path):
    store = tmp_path / "store.sqlite3"
    lock_path = tmp_path / "store.sqlite3.lock"
    with RunLock(lock_path):
        with pytest.raises(LockedError, match=f"pid {os.getpid()}"):
            build_digest([ARTICLES], tmp_path / "out", store_path=store, summarizer=Precomputed())
    # A process that takes the lock and is killed leaves the file behind, not the lock.
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from summarize.digest.lock import RunLock; "
                               f"RunLock({str(lock_path)!r}).acquire(); print('held', flush=True); time.sleep(60)"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match=f"pid {holder.pid}"):
            RunLock(lock_path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert json.loads(lock_path.read_text())["pid"] == holder.pid  # stale file left by the dead run
    run = build_digest([ARTICLES], tmp_path / "out", store_path=store, summarizer=Precomputed())
    assert run.status == "complete"


def test_resume_after_the_run_is_killed_mid_way(tmp_path):
    """Kill a real `summarize digest` subprocess mid-run; the next run finishes without losing or redoing an article."""
    server = FixedLatencyServer(latency=0.4).start()
    store = tmp_path / "store.sqlite3"
    command = [sys.executable, "-m", "summarize", "digest", str(ARTICLES), "-o", str(tmp_path / "out"),
               "--store", str(store), "--base-url", server.url]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZE_"))}
    try:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        done_before_kill = 0
        while time.monotonic() < deadline and process.poll() is None:
            if store.exists():
                try:
                    with sqlite3.connect(store, timeout=5) as db:
                        done_before_kill = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
                except sqlite3.OperationalError:
                    done_before_kill = 0
            if done_before_kill >= 4:
                break
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read().decode()
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert not (tmp_path / "out" / "digest.json").exists()
        with sqlite3.connect(store) as db:
            stored = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        assert 4 <= stored < len(GOLD)

        finished = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert finished.returncode == 0, finished.stderr
        report = json.loads((tmp_path / "out" / "run-report.json").read_text())
        assert report["cached"] == stored and report["new"] == len(GOLD) - stored
        digest = json.loads((tmp_path / "out" / "digest.json").read_text())
        listed = [Path(a["input"]).name for s in digest["stories"] for a in s["articles"]]
        listed += [Path(r["input"]).name for s in digest["stories"] for a in s["articles"] for r in a["reprints"]]
        assert sorted(listed) == sorted(GOLD)  # every article once: none lost, none duplicated
        runs = Store(store).runs()
        assert [r["status"] for r in runs] == ["interrupted", "complete"]  # the killed run never finished
    finally:
        server.stop()


def test_a_feed_with_metadata_and_a_publication_window(tmp_path):
    feed = tmp_path / "night.jsonl"
    lines = []
    for name in ("orvale_protest_harbour_wire.txt", "orvale_protest_daily_ledger.txt", "tarsk_river_festival.txt",
                 "tarsk_flood_coastal_herald.txt"):
        lines.append(json.dumps({"text": (ARTICLES / name).read_text(), "url": f"https://news.example/{name}",
                                 "source": "Feed Outlet"}))
    feed.write_text("\n".join(lines) + "\n")
    run = build_digest([feed], tmp_path / "out", since=__import__("datetime").date(2025, 6, 10),
                       until=__import__("datetime").date(2025, 6, 10), store_path=tmp_path / "s.sqlite3",
                       summarizer=Precomputed())
    # The dateline says 2025-06-11 for the flood article: outside the window.
    assert run.report["articles_seen"] == 4 and run.report["out_of_window"] == 1
    urls = sorted(a.url for s in run.digest.stories for a in s.articles)
    assert urls == [f"https://news.example/{n}" for n in sorted(
        ("orvale_protest_daily_ledger.txt", "orvale_protest_harbour_wire.txt", "tarsk_river_festival.txt"))]
    assert run.digest.window == {"since": "2025-06-10", "until": "2025-06-10"}


def test_the_store_is_versioned_and_migrates_an_older_file(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
    store = Store(path)
    assert store.version == len(MIGRATIONS)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("SELECT name FROM sqlite_master WHERE name='ledger_run'").fetchone()


def test_server_backends_run_workers_at_once_bounded_and_share_a_429_pause(tmp_path):
    server = FixedLatencyServer(latency=0.3, throttle_first=2, retry_after=0.5).start()
    try:
        settings = Settings(base_url=server.url, mode="json_schema")
        run = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "s.sqlite3", settings=settings,
                           workers=4)
        assert run.status == "complete", run.report["failed"]
        assert 1 < server.max_in_flight <= 4
        assert server.throttled == 2
        ledger = Store(tmp_path / "s.sqlite3").ledger()
        assert len(ledger) == len(GOLD) and sum(row["calls"] for row in ledger) == run.report["model_calls"]
        assert run.report["model_calls"] == server.requests - server.throttled
    finally:
        server.stop()


def test_a_server_that_is_down_fails_fast_for_the_rest_of_the_run(tmp_path):
    settings = Settings(base_url="http://127.0.0.1:9/v1", mode="json_schema", transport_tries=1)
    run = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "s.sqlite3", settings=settings)
    assert run.status == "failed"
    reasons = [f["reason"] for f in run.report["failed"]]
    assert len(reasons) == len(GOLD)
    skipped = [r for r in reasons if r.startswith("not tried") and "circuit breaker" in r]
    assert len(skipped) == len(GOLD) - 3  # three tried, the breaker opened, the rest never reached the network
    ledger = Store(tmp_path / "s.sqlite3").ledger()
    assert all(row["outcome"] == "failed" for row in ledger)


def test_the_request_gate_spaces_requests_and_pauses_everyone_after_a_429():
    from summarize.digest.runner import RequestGate

    gate = RequestGate(rate=50)  # one request every 20 ms, shared by every worker
    stamps = []
    for _ in range(6):
        gate.wait()
        stamps.append(time.monotonic())
    # Slots are 20 ms apart (a late wake-up may shorten one gap, never the total).
    assert all(stamp - stamps[0] >= 0.0195 * k for k, stamp in enumerate(stamps))
    gate.pause(0.25)  # a 429 with Retry-After: 0.25 seen by any worker
    started = time.monotonic()
    gate.wait()
    assert time.monotonic() - started >= 0.24 and gate.throttled == 1


def test_results_of_other_engine_rules_are_recomputed(tmp_path, monkeypatch):
    from summarize.digest.runner import identity_for
    from summarize.extract import prompts

    server = FixedLatencyServer(latency=0.0).start()
    try:
        settings = Settings(base_url=server.url, mode="json_schema")
        store = tmp_path / "s.sqlite3"
        build_digest([ARTICLES], tmp_path / "one", store_path=store, settings=settings)
        first = server.requests
        build_digest([ARTICLES], tmp_path / "two", store_path=store, settings=settings)
        assert server.requests == first  # same rules: every result cached
        monkeypatch.setattr(prompts, "rules_fingerprint", lambda: "changed-rules")
        assert identity_for(settings).engine.endswith("+changed-rules")
        run = build_digest([ARTICLES], tmp_path / "three", store_path=store, settings=settings)
        assert server.requests > first and run.report["new"] == len(GOLD)
    finally:
        server.stop()
