"""The nightly digest against the fault server: an article the server fails is reported as
failed (the digest is still written from the others) and retried on the next run."""

from __future__ import annotations

import json
import time

import pytest

from tests.fault_server import FaultServer
from tests.test_faults import PLANTED, TEMPLATE, cli_env

pytest.importorskip("summarize.digest")
from summarize.cli import ExitCode  # noqa: E402

TOWNS = ["Aberlo", "Corvale", "Eskerfield"]


def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for town in TOWNS:
        (folder / f"{town.lower()}.txt").write_text(TEMPLATE.format(town=town))
    return folder, tmp_path / "store.sqlite3", tmp_path / "out"


def test_cli_an_article_the_server_fails_is_reported_and_retried_next_run(tmp_path):
    # The command on its real entry point (Typer's runner: no process start), two nights running.
    from typer.testing import CliRunner

    from summarize.cli import app

    folder, store, out = articles(tmp_path)
    env = {name: value for name, value in cli_env(0.6, tmp_path).items() if name.startswith(("SUMMARIZE_", "XDG_"))}
    with FaultServer("valid", routes={"Corvale": "html"}, planted=PLANTED) as server:
        args = ["digest", str(folder), "-o", str(out), "--store", str(store), "--base-url", server.url]
        started = time.perf_counter()
        first = CliRunner().invoke(app, args, env=env)
        seconds = time.perf_counter() - started
        assert first.exit_code == ExitCode.DIGEST_PARTIAL, first.output
        errors = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and "corvale.txt" in errors[0] and "not a chat completion" in errors[0], first.stderr
        digest = json.loads((out / "digest.json").read_text())
        assert [f["input"].rsplit("/", 1)[-1] for f in digest["failures"]] == ["corvale.txt"]
        assert server.count() >= 1 and seconds < 60

        server.routes.clear()  # the server has recovered by the next night
        asked_before = server.count()
        again = CliRunner().invoke(app, args, env=env)
        prompts = server.prompts()[asked_before:]
    assert again.exit_code == ExitCode.OK, again.output
    assert json.loads((out / "digest.json").read_text())["failures"] == []
    assert any("Corvale" in prompt for prompt in prompts), "the failed article is asked again"
    assert not any(town in prompt for prompt in prompts for town in ("Aberlo", "Eskerfield")), "the others are cached"


@pytest.mark.parametrize("fault", ["hang", "503", "malformed"])
def test_build_digest_reports_a_failed_article_and_retries_it(tmp_path, fault):
    from summarize.digest import build_digest
    from summarize.settings import Settings

    folder, store, out = articles(tmp_path)
    with FaultServer("valid", routes={"Corvale": fault}, planted=PLANTED) as server:
        settings = Settings(base_url=server.url, mode="json_schema", request_timeout=0.25, transport_deadline=0.6,
                            transport_tries=3, transport_backoff=0.05)
        started = time.perf_counter()
        run = build_digest([folder], out, store_path=store, settings=settings)
        assert time.perf_counter() - started < 3 * (0.6 + 0.8)  # each article within its deadline plus local work
        assert run.status == "partial"
        assert [f["input"].rsplit("/", 1)[-1] for f in run.report["failed"]] == ["corvale.txt"]
        assert "Corvale" not in json.dumps(json.loads((out / "digest.json").read_text())["stories"])

        server.routes.clear()
        asked_before = server.count()
        again = build_digest([folder], out, store_path=store, settings=settings)
        prompts = server.prompts()[asked_before:]
    assert again.status == "complete" and again.report["failed"] == []
    assert any("Corvale" in prompt for prompt in prompts)
    assert not any(town in prompt for prompt in prompts for town in ("Aberlo", "Eskerfield"))
