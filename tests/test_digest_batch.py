"""Batch export and import: the night's requests as OpenAI batch JSONL, run elsewhere, imported,
verified exactly as in the synchronous path (the same digest), with later questions asked live."""

from __future__ import annotations

import json

import httpx

from bench.digest_server import FixedLatencyServer
from summarize.digest import build_digest
from summarize.settings import Settings
from tests.test_digest_fixture import ARTICLES, GOLD


def run_batch_file(requests_file, results_file, server_url: str) -> int:
    """What the OpenAI Batch API or `vllm run-batch` does with the file: POST each body, write each answer."""
    lines = []
    with httpx.Client(base_url=server_url.removesuffix("/v1")) as client:
        for line in requests_file.read_text().splitlines():
            request = json.loads(line)
            assert request["method"] == "POST" and request["url"] == "/v1/chat/completions"
            response = client.post(request["url"], json=request["body"])
            lines.append(json.dumps({"id": f"batch_req_{len(lines)}", "custom_id": request["custom_id"],
                                     "response": {"status_code": response.status_code, "body": response.json()},
                                     "error": None}))
    results_file.write_text("\n".join(lines) + "\n")
    return len(lines)


def test_export_run_elsewhere_import_gives_the_synchronous_digest(tmp_path):
    server = FixedLatencyServer(latency=0.0).start()
    try:
        settings = Settings(base_url=server.url, mode="json_schema")
        synchronous = build_digest([ARTICLES], tmp_path / "sync", store_path=tmp_path / "sync.sqlite3",
                                   settings=settings)
        assert synchronous.status == "complete"
        live_requests = server.requests

        # Round 1: nothing is asked; each new article's first request goes to the file.
        before = server.requests
        exported = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "b.sqlite3", settings=settings,
                                batch_export=tmp_path / "batch.jsonl")
        assert server.requests == before
        assert exported.status == "partial" and exported.report["batch"]["exported"] == len(GOLD)
        assert all("awaiting batch results" in f["reason"] for f in exported.report["failed"])
        lines = [json.loads(line) for line in (tmp_path / "batch.jsonl").read_text().splitlines()]
        prompt_version = lines[0]["custom_id"].split("-", 1)[1].rsplit("-", 1)[0]
        assert prompt_version
        assert len({line["custom_id"] for line in lines}) == len(GOLD)
        for line in lines:
            sha, rest = line["custom_id"].split("-", 1)
            assert len(sha) == 64 and rest == f"{prompt_version}-1"
            assert line["body"]["messages"] and line["body"]["response_format"]["type"] == "json_schema"

        assert run_batch_file(tmp_path / "batch.jsonl", tmp_path / "results.jsonl", server.url) == len(GOLD)

        # Import: the batch answers the first question of every article; the rest are asked live.
        before = server.requests
        imported = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "b.sqlite3", settings=settings,
                                batch_import=tmp_path / "results.jsonl")
        assert imported.status == "complete", imported.report["failed"]
        assert imported.report["batch"]["answered_from_batch"] == len(GOLD)
        assert server.requests - before == live_requests - len(GOLD)
        assert (tmp_path / "out" / "digest.json").read_bytes() == (tmp_path / "sync" / "digest.json").read_bytes()
    finally:
        server.stop()


def test_an_answer_to_a_different_request_is_never_used(tmp_path):
    """When the request made at import differs from the one exported (here the model name), it is asked live."""
    server = FixedLatencyServer(latency=0.0).start()
    try:
        folder = tmp_path / "articles"
        folder.mkdir()
        (folder / "a.txt").write_bytes((ARTICLES / "tarsk_flood_northern_post.txt").read_bytes())
        exporting = Settings(base_url=server.url, mode="json_schema", model="alpha")
        build_digest([folder], tmp_path / "out", store_path=tmp_path / "s.sqlite3", settings=exporting,
                     batch_export=tmp_path / "batch.jsonl")
        assert json.loads((tmp_path / "batch.jsonl").read_text())["body"]["model"] == "alpha"
        run_batch_file(tmp_path / "batch.jsonl", tmp_path / "results.jsonl", server.url)
        before = server.requests
        importing = Settings(base_url=server.url, mode="json_schema", model="beta")
        run = build_digest([folder], tmp_path / "out", store_path=tmp_path / "s.sqlite3", settings=importing,
                           batch_import=tmp_path / "results.jsonl")
        assert run.status == "complete"
        assert run.report["batch"]["answered_from_batch"] == 0
        assert server.requests - before == run.report["model_calls"] >= 1
    finally:
        server.stop()


def test_batch_options_need_a_server_backend_and_a_batch_file(tmp_path):
    from typer.testing import CliRunner

    from summarize.cli import ExitCode, app

    embedded = CliRunner().invoke(app, ["digest", str(ARTICLES), "-o", str(tmp_path / "o"), "--store",
                                        str(tmp_path / "s.sqlite3"), "--offline", "--batch-export",
                                        str(tmp_path / "b.jsonl")])
    assert embedded.exit_code == ExitCode.USAGE and "server backend" in embedded.output
    (tmp_path / "bad.jsonl").write_text("not json\n")
    bad = CliRunner().invoke(app, ["digest", str(ARTICLES), "-o", str(tmp_path / "o"), "--store",
                                   str(tmp_path / "s.sqlite3"), "--base-url", "http://127.0.0.1:9/v1",
                                   "--batch-import", str(tmp_path / "bad.jsonl")])
    assert bad.exit_code == ExitCode.USAGE and "not a batch result line" in bad.output


def test_every_question_can_go_through_batches_round_by_round(tmp_path):
    """Import and export together: each round answers what it can and exports the next questions."""
    server = FixedLatencyServer(latency=0.0).start()
    try:
        settings = Settings(base_url=server.url, mode="json_schema")
        build_digest([ARTICLES], tmp_path / "sync", store_path=tmp_path / "sync.sqlite3", settings=settings)
        run = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "b.sqlite3", settings=settings,
                           batch_export=tmp_path / "round1.jsonl")
        rounds = 1
        live_before = server.requests
        while run.report["batch"]["exported"]:
            assert rounds < 8
            run_batch_file(tmp_path / f"round{rounds}.jsonl", tmp_path / f"results{rounds}.jsonl", server.url)
            live_before = server.requests
            run = build_digest([ARTICLES], tmp_path / "out", store_path=tmp_path / "b.sqlite3", settings=settings,
                               batch_import=tmp_path / f"results{rounds}.jsonl",
                               batch_export=tmp_path / f"round{rounds + 1}.jsonl")
            assert server.requests == live_before  # nothing asked live: every question went through a batch
            rounds += 1
        assert run.status == "complete" and rounds >= 2
        assert (tmp_path / "out" / "digest.json").read_bytes() == (tmp_path / "sync" / "digest.json").read_bytes()
    finally:
        server.stop()
