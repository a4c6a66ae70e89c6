"""The `summarize` console script, through Typer's runner on the real entry point.

Model HTTP is replayed from cassettes recorded against a llama.cpp server.
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.models import SummaryResult
from summarize.schema_export import schemas
from tests.conftest import EXAMPLES, RECORDED_SERVER, ROOT

runner = CliRunner()
KESSA = str(EXAMPLES / "kessa_rocket_attack.txt")
SERVER = ["--base-url", RECORDED_SERVER]


@pytest.fixture(autouse=True)
def json_object_mode(monkeypatch):
    monkeypatch.setenv("SUMMARIZE_MODE", "json_object_schema")
    monkeypatch.setenv("SUMMARIZE_TRANSPORT_TRIES", "1")
    monkeypatch.setenv("SUMMARIZE_ENGINE", "guided")  # the cassettes hold the guided engine's questions


def run(*args: str, input: bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.vcr
def test_summary_json_is_a_valid_result_that_verify_confirms(tmp_path):
    out = tmp_path / "kessa.json"
    made = run("summary", KESSA, *SERVER, "--format", "json", "-o", str(out))
    assert made.exit_code == 0, made.output
    result = SummaryResult.model_validate_json(out.read_text())
    assert result.events and result.usage.backend == "compatible"
    assert "1 ok" in made.stderr or "1 partial" in made.stderr
    checked = run("verify", str(out), KESSA)
    assert checked.exit_code == 0, checked.output
    assert "0 with problems" in checked.stderr


@pytest.mark.vcr
def test_summary_markdown_has_citations_tables_and_rejected_section():
    made = run("summary", str(EXAMPLES / "port_verin_strikes.txt"), *SERVER)
    assert made.exit_code == 0, made.output
    text = made.stdout
    for heading in ("## Summary", "## Events", "## Quantities", "## Rejected"):
        assert heading in text
    assert "[^1]: \"" in text and "exact match" in text
    assert "| according to |" in text


@pytest.mark.vcr
def test_html_pages_for_a_folder_and_stdin_in_one_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "delvane.html").write_bytes((EXAMPLES / "delvane_protest.html").read_bytes())
    made = run("summary", str(folder), "-", *SERVER, "-f", "html", "-o", str(tmp_path / "out"),
               input=(EXAMPLES / "aldmouth_tregua_es.txt").read_bytes())
    assert made.exit_code == 0, made.output
    page = (tmp_path / "out" / "delvane.html").read_text()
    assert '<mark class="ev' in page and 'id="rejected"' in page
    assert "&lt;script&gt;alert(&#34;not a real script&#34;)&lt;/script&gt;" in page or \
        "&lt;script&gt;alert(&quot;not a real script&quot;)&lt;/script&gt;" in page
    assert (tmp_path / "out" / "stdin.html").exists()


@pytest.mark.vcr
def test_one_bad_article_never_stops_the_batch(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    made = run("summary", str(empty), KESSA, str(tmp_path / "missing.txt"), *SERVER, "-f", "jsonl")
    assert made.exit_code == 6  # the first failure: the missing file (found while collecting inputs)
    lines = [line for line in made.stdout.splitlines() if line.strip()]
    assert len(lines) == 1 and SummaryResult.model_validate_json(lines[0]).article.outlet == "Northern Post"
    assert "2 failed" in made.stderr
    assert "empty.txt: the article is empty" in made.stderr
    assert "Traceback" not in made.output


@pytest.mark.vcr
def test_config_file_is_read_and_flags_win(tmp_path):
    config = tmp_path / "summarize.toml"
    config.write_text(f'base_url = "{RECORDED_SERVER}"\nmodel = "from-config"\nmax_attempts = 1\n')
    made = run("summary", KESSA, "--config", str(config), "-f", "json")
    assert made.exit_code == 0, made.output
    usage = SummaryResult.model_validate_json(made.stdout).usage
    assert usage.model == "from-config" and usage.reasks == 0


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", 3, "the article is empty"),
        (b"\x00\x01\x02binary\x00", 3, "looks binary"),
        ("Caf\u00e9".encode("latin-1"), 3, "not valid UTF-8"),
        (b"<html><body><nav>Home</nav><script>x()</script></body></html>", 3, "no article text"),
    ],
)
def test_bad_input_is_one_clear_line_and_a_distinct_exit_code(tmp_path, content, code, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    made = run("summary", str(path), *SERVER)
    assert made.exit_code == code
    assert message in made.stderr and "Traceback" not in made.output


def test_missing_file_exit_code():
    made = run("summary", "no/such/article.txt", *SERVER)
    assert made.exit_code == 6 and "no such file or folder" in made.stderr


def test_unreachable_server_is_exit_4_without_traceback_and_with_one_under_verbose():
    made = run("summary", KESSA, "--base-url", "http://127.0.0.1:9/v1")
    assert made.exit_code == 4
    assert "cannot reach the model server at http://127.0.0.1:9/v1" in made.stderr
    assert "Traceback" not in made.output
    verbose = run("summary", KESSA, "--base-url", "http://127.0.0.1:9/v1", "-v")
    assert verbose.exit_code == 4 and "Traceback" in verbose.stderr


def test_unauthorized_server_is_exit_5(monkeypatch):
    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.dumps({"error": {"message": "invalid api key"}}).encode()
            self.send_response(401)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("MY_KEY", "sk-wrong")
        made = run("summary", KESSA, "--base-url", f"http://127.0.0.1:{server.server_port}/v1", "--api-key-env", "MY_KEY")
    finally:
        server.shutdown()
    assert made.exit_code == 5 and "refused the credentials" in made.stderr


def test_api_key_env_must_exist():
    made = run("summary", KESSA, "--api-key-env", "SURELY_NOT_SET_ANYWHERE")
    assert made.exit_code == 2 and "SURELY_NOT_SET_ANYWHERE is not set" in made.stderr


@pytest.mark.vcr
def test_verify_reports_tampered_evidence_and_values(tmp_path):
    good = tmp_path / "good.json"
    assert run("summary", KESSA, *SERVER, "-f", "json", "-o", str(good)).exit_code == 0
    data = json.loads(good.read_text())
    summary = data["summary"][0]["evidence"][0]
    summary["quote"] = summary["quote"].replace("eight", "nine")  # a changed number: not in the article
    claim = data["claims"][0]["evidence"][0]
    claim["start"] += 1  # offsets that no longer index the quote
    claim["end"] += 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    checked = run("verify", str(bad))
    assert checked.exit_code == 7
    assert "missing" in checked.stdout and "moved" in checked.stdout
    assert "2 with problems" in checked.stderr


def test_verify_refuses_a_file_that_is_not_a_result(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    made = run("verify", str(path))
    assert made.exit_code == 3 and "is not a summarize result" in made.stderr


def test_schema_command_prints_the_schemas_dir_content():
    made = run("schema")
    assert made.exit_code == 0 and made.stdout == schemas()["summary_result.schema.json"]
    assert made.stdout == (ROOT / "schemas" / "summary_result.schema.json").read_text()
    unknown = run("schema", "nope")
    assert unknown.exit_code == 2 and "available: summary_result" in unknown.stderr


def test_help_documents_options_and_exit_codes():
    made = run("summary", "--help")
    for option in ("--model", "--base-url", "--api-key-env", "--max-attempts", "--published", "--source",
                   "--offline", "--verbose", "--format", "--output", "--config"):
        assert option in made.stdout
    assert "Exit codes" in run("--help").stdout


# Same article and settings as the JSON test, so its recorded model traffic replays here too.
@pytest.mark.vcr(str(ROOT / "cassettes" / "test_cli" / "test_summary_json_is_a_valid_result_that_verify_confirms.yaml"))
def test_text_report_for_a_terminal():
    made = run("summary", KESSA, *SERVER, "-f", "text")
    assert made.exit_code == 0, made.output
    assert "Event 1: fired: missile attack, occurred (main)" in made.stdout
    assert made.stdout.startswith("# Article from Northern Post")
    assert '[0:' in made.stdout and 'exact] "Rebels fired at least eight rockets' in made.stdout


def test_python_dash_m_is_the_same_command():
    import subprocess
    import sys

    made = subprocess.run([sys.executable, "-m", "summarize", "schema"], capture_output=True, text=True)
    assert made.returncode == 0 and made.stdout == schemas()["summary_result.schema.json"]
