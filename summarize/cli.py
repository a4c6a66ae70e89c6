"""The `summarize` command line (Typer + Rich).

Exit codes:
  0  success (every article summarized; some fields may be rejected)
  1  unexpected internal error
  2  usage error (bad option, unknown schema name, missing environment variable)
  3  unusable input (empty, binary, not UTF-8, too large, HTML without text, not a result file)
  4  model backend failed (unreachable server, bad answers, embedded model missing)
  5  model backend refused the credentials
  6  input file or folder not found or unreadable
  7  `summarize verify` found fields that are not backed by the article
  8  `summarize digest`: partial (some articles failed or wait for a batch; the digest is written)
  9  `summarize digest`: failed (every article failed)
  10 `summarize digest`: another digest run holds the lock
In a batch, the exit code is that of the first article that failed.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from dataclasses import dataclass
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from summarize.errors import InputError, ModelAuthError, ModelError, SummarizeError
from summarize.models import SummaryResult

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".md"}


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    INPUT = 3
    MODEL = 4
    AUTH = 5
    NOT_FOUND = 6
    UNVERIFIED = 7
    DIGEST_PARTIAL = 8  # `summarize digest`: written, but some articles failed (retried on the next run)
    DIGEST_FAILED = 9  # `summarize digest`: every article failed
    LOCKED = 10  # `summarize digest`: another digest run holds the store's lock


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    md = "md"
    html = "html"
    text = "text"


EXTENSIONS = {Format.json: ".json", Format.jsonl: ".jsonl", Format.md: ".md", Format.html: ".html", Format.text: ".txt"}

app = typer.Typer(
    name="summarize",
    help="Grounded, structured summaries of news articles: every fact points to the exact words in the source.\n\n"
    "Settings come from flags, then environment (OPENAI_API_KEY, OPENAI_BASE_URL, SUMMARIZE_MODEL, "
    "SUMMARIZE_MODE, SUMMARIZE_MAX_ATTEMPTS, ...), then the config file (--config, $SUMMARIZE_CONFIG or "
    "~/.config/summarize/config.toml). With no key and no base URL the embedded model runs offline.",
    epilog="Exit codes: 0 ok, 1 internal error, 2 usage, 3 unusable input, 4 model failed, 5 model refused "
    "credentials, 6 file not found, 7 verify found unbacked fields.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)  # one error, one line

Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress and show tracebacks on errors.")]
Config = Annotated[
    Optional[Path],
    typer.Option("--config", envvar="SUMMARIZE_CONFIG", help="TOML config file (lowest precedence).", show_default=False),
]


def _fail(message: str, code: ExitCode, verbose: bool) -> typer.Exit:
    if verbose:
        stderr.print(traceback.format_exc(), markup=False)
    stderr.print(f"error: {message}", markup=False)
    return typer.Exit(int(code))


def _code_for(error: Exception) -> ExitCode:
    if isinstance(error, ModelAuthError):
        return ExitCode.AUTH
    if isinstance(error, ModelError):
        return ExitCode.MODEL
    if isinstance(error, InputError):
        return ExitCode.INPUT
    if isinstance(error, OSError):
        return ExitCode.NOT_FOUND
    return ExitCode.INTERNAL


def _setup(verbose: bool, config: Path | None) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if config is not None:
        if not config.is_file():
            raise _fail(f"config file {config} does not exist", ExitCode.USAGE, False)
        os.environ["SUMMARIZE_CONFIG"] = str(config)


@dataclass
class Article:
    name: str
    path: Path | None  # None: standard input


def collect(paths: list[str]) -> tuple[list[Article], list[tuple[str, str]]]:
    """Files, folders (their article files, sorted) and '-' for stdin; plus (name, problem) for missing ones."""
    found: list[Article] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        if raw == "-":
            found.append(Article("<stdin>", None))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                missing.append((raw, "the folder holds no article files (.txt, .html, .htm, .md)"))
            found += [Article(str(p), p) for p in files]
        elif path.is_file():
            found.append(Article(raw, path))
        else:
            missing.append((raw, "no such file or folder"))
    return found, missing


def render(result: SummaryResult, fmt: Format) -> str:
    if fmt is Format.md:
        from summarize.render.markdown import to_markdown

        return to_markdown(result)
    if fmt is Format.html:
        from summarize.render.html import to_html

        return to_html(result)
    if fmt is Format.text:
        from summarize.render.text import to_text

        return to_text(result) + "\n"
    if fmt is Format.jsonl:
        return result.model_dump_json() + "\n"
    return result.model_dump_json(indent=2) + "\n"


class EngineName(str, Enum):
    auto = "auto"
    guided = "guided"
    direct = "direct"


@app.command()
def summary(
    paths: Annotated[list[str], typer.Argument(help="Article files (text or HTML), folders of them, or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output file; a folder for several articles (one file each, except jsonl).", show_default=False)] = None,
    model: Annotated[Optional[str], typer.Option(help="Model name sent to the backend.", show_default=False)] = None,
    base_url: Annotated[Optional[str], typer.Option(help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp).", show_default=False)] = None,
    api_key_env: Annotated[Optional[str], typer.Option(help="Read the API key from this environment variable.", show_default=False)] = None,
    max_attempts: Annotated[Optional[int], typer.Option(min=1, max=5, help="Attempts per field before it is rejected.", show_default=False)] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD (resolves 'on Tuesday').", show_default=False)] = None,
    source: Annotated[Optional[str], typer.Option(help="Outlet name, when the article does not give one.", show_default=False)] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Force the embedded model (no key, no server).")] = False,
    engine: Annotated[Optional[EngineName], typer.Option(help="auto: direct (one call per article) on a server, guided on the embedded model.", show_default=False)] = None,
    verbose: Verbose = False,
    config: Config = None,
) -> None:
    """Summarize articles into verified facts, claims and a neutral summary."""
    from summarize.backends.client import ModelClient
    from summarize.pipeline import summarize_article
    from summarize.settings import Settings

    _setup(verbose, config)
    overrides = {key: value for key, value in
                 {"model": model, "base_url": base_url, "max_attempts": max_attempts}.items() if value is not None}
    if api_key_env:
        if not os.environ.get(api_key_env):
            raise _fail(f"environment variable {api_key_env} is not set", ExitCode.USAGE, False)
        overrides["api_key"] = os.environ[api_key_env]
    if engine is not None:
        overrides["engine"] = engine.value
    if offline:
        overrides.update(backend="embedded", base_url=None, api_key=None)
    if published:
        import datetime as dt

        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise _fail(f"--published {published!r} is not a date (YYYY-MM-DD)", ExitCode.USAGE, False) from None

    articles, missing = collect(paths)
    first_failure: ExitCode | None = ExitCode.NOT_FOUND if missing else None
    for name, problem in missing:
        stderr.print(f"error: {name}: {problem}", markup=False)
    many = len(articles) + len(missing) > 1
    if fmt is Format.html and many and (output is None or output.suffix):
        raise _fail("several articles as HTML need --output FOLDER (one page each)", ExitCode.USAGE, False)
    into_folder = output is not None and fmt is not Format.jsonl and (many or output.is_dir())
    if into_folder:
        output.mkdir(parents=True, exist_ok=True)

    settings = Settings(**overrides)
    client = None
    counts = {"ok": 0, "partial": 0, "failed": len(missing)}
    rendered: list[str] = []
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=stderr, transient=True, disable=not (stderr.is_terminal and len(articles) > 1))
    with progress:
        task = progress.add_task("summarizing", total=len(articles))
        for article in articles:
            progress.update(task, description=Path(article.name).name)
            try:
                raw = sys.stdin.buffer.read() if article.path is None else article.path.read_bytes()
                client = client or ModelClient(settings)
                result = summarize_article(raw, published=published, source=source, settings=settings, client=client)
            except (SummarizeError, OSError) as error:
                code = _code_for(error)
                message = error.strerror if isinstance(error, OSError) else str(error)
                if verbose:
                    stderr.print(traceback.format_exc(), markup=False)
                stderr.print(f"error: {article.name}: {message}", markup=False)
                counts["failed"] += 1
                first_failure = first_failure or code
                progress.advance(task)
                continue
            counts["partial" if result.rejected else "ok"] += 1
            text = render(result, fmt)
            if into_folder:
                stem = "stdin" if article.path is None else article.path.stem
                (output / f"{stem}{EXTENSIONS[fmt]}").write_text(text, encoding="utf-8")
            else:
                rendered.append(text)
            progress.advance(task)

    if not into_folder and rendered:
        if fmt is Format.json and many:
            body = "[\n" + ",\n".join(text.rstrip("\n") for text in rendered) + "\n]\n"
        else:
            body = ("\n---\n\n" if fmt in (Format.md, Format.text) else "").join(rendered)
        if output is None:
            sys.stdout.write(body)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(body, encoding="utf-8")
    stderr.print(f"{counts['ok']} ok, {counts['partial']} partial (some fields rejected), {counts['failed']} failed",
                 markup=False)
    raise typer.Exit(int(first_failure or ExitCode.OK))


@app.command()
def verify(
    result_file: Annotated[Path, typer.Argument(help="A result saved with --format json.")],
    article: Annotated[Optional[Path], typer.Argument(help="The article to check against (default: the text inside the result).", show_default=False)] = None,
    verbose: Verbose = False,
) -> None:
    """Re-check a saved result's evidence against its article and report each field's status."""
    from summarize.article.ingest import ingest
    from summarize.verify import audit, locate

    _setup(verbose, None)
    try:
        result = SummaryResult.model_validate_json(result_file.read_bytes())
    except OSError as error:
        raise _fail(f"{result_file}: {error.strerror}", ExitCode.NOT_FOUND, verbose) from None
    except ValueError as error:
        first = str(error).splitlines()[0]
        raise _fail(f"{result_file} is not a summarize result ({first})", ExitCode.INPUT, verbose) from None
    text = result.article.text
    if article is not None:
        try:
            text = ingest(article.read_bytes(), published=result.article.published).text
        except (OSError, SummarizeError) as error:
            message = error.strerror if isinstance(error, OSError) else str(error)
            raise _fail(f"{article}: {message}", _code_for(error), verbose) from None
        if text != result.article.text:
            stderr.print(f"note: {article} does not give the text the result was made from; quotes are searched in it",
                         markup=False)

    rechecked = audit(result.model_copy(update={"article": result.article.model_copy(update={"text": text})}))
    unbacked = {item.field: item.reason for item in rechecked.rejected[len(result.rejected):]}
    table = Table(title=f"{result_file.name}: {len(result.facts())} fields, {len(result.rejected)} rejected by the model run")
    for column in ("field", "status", "detail"):
        table.add_column(column, overflow="fold")
    problems = 0
    for fact in result.facts():
        status, details = "verified", []
        for item in fact.evidence:
            if text[item.start:item.end] == item.quote:
                continue
            found = locate(item.quote, text, near=item.start)
            if found is None:
                status = "missing"
                details.append(f"quote not found: {item.quote[:60]!r}")
            else:
                status = "moved" if status == "verified" else status
                details.append(f"quote now at {found.start}:{found.end} ({found.match.value})")
        reason = next((r for path, r in unbacked.items() if path == fact.path or path.startswith(fact.path + ".")), None)
        if reason and status == "verified":
            status, details = "unbacked", [reason]
        problems += status != "verified"
        table.add_row(fact.path, status, "; ".join(details) or fact.value[:80])
    Console(highlight=False).print(table)
    stderr.print(f"{len(result.facts()) - problems} verified, {problems} with problems", markup=False)
    raise typer.Exit(int(ExitCode.UNVERIFIED if problems else ExitCode.OK))


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="Which contract: summary_result.")] = "summary_result",
) -> None:
    """Print the JSON Schema of the output contract (the same content as schemas/)."""
    from summarize.schema_export import schemas

    available = schemas()
    key = name if name.endswith(".schema.json") else f"{name}.schema.json"
    if key not in available:
        names = ", ".join(k.removesuffix(".schema.json") for k in available)
        raise _fail(f"unknown schema {name!r}; available: {names}", ExitCode.USAGE, False)
    sys.stdout.write(available[key])


@app.command()
def digest(
    inputs: Annotated[list[str], typer.Argument(help="Folders or files of articles, and JSONL feeds (text or html, url, source, published).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for digest.json, digest.md, digest.html and run-report.json.")],
    date: Annotated[Optional[str], typer.Option("--date", help="Only articles published on this day (YYYY-MM-DD); undated ones are kept.", show_default=False)] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only articles published on or after this day.", show_default=False)] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only articles published on or before this day.", show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Articles summarized at once on a server backend (the embedded model runs one).")] = 1,
    rate: Annotated[Optional[float], typer.Option("--rate", min=0.01, help="At most this many model requests a second, shared by all workers.", show_default=False)] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="The SQLite store (default: digest.sqlite3 in the cache directory).", show_default=False)] = None,
    batch_export: Annotated[Optional[Path], typer.Option("--batch-export", help="Write the new articles' next model requests as OpenAI batch JSONL instead of asking (server backends).", show_default=False)] = None,
    batch_import: Annotated[Optional[Path], typer.Option("--batch-import", help="Answer requests from this OpenAI batch results file first; the rest are asked live.", show_default=False)] = None,
    model: Annotated[Optional[str], typer.Option(help="Model name sent to the backend.", show_default=False)] = None,
    base_url: Annotated[Optional[str], typer.Option(help="OpenAI-compatible server URL (vLLM, Ollama, llama.cpp).", show_default=False)] = None,
    api_key_env: Annotated[Optional[str], typer.Option(help="Read the API key from this environment variable.", show_default=False)] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Force the embedded model (no key, no server).")] = False,
    verbose: Verbose = False,
    config: Config = None,
) -> None:
    """Group the day's articles into stories across sources, merge their facts and show disagreements.

    Exit codes: 0 complete, 8 partial (some articles failed; they are retried on the next run),
    9 failed (every article failed), 10 another digest run holds the lock, 2 usage, 6 input not found.
    """
    import datetime as dt

    from summarize.digest import LockedError, build_digest
    from summarize.digest.batch import BatchError
    from summarize.settings import Settings

    _setup(verbose, config)
    days = {}
    for name, value in (("date", date), ("since", since), ("until", until)):
        if value is not None:
            try:
                days[name] = dt.date.fromisoformat(value)
            except ValueError:
                raise _fail(f"--{name} {value!r} is not a date (YYYY-MM-DD)", ExitCode.USAGE, False) from None
    if "date" in days and ("since" in days or "until" in days):
        raise _fail("--date cannot be combined with --since/--until", ExitCode.USAGE, False)
    low, high = days.get("date", days.get("since")), days.get("date", days.get("until"))
    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        raise _fail(f"{', '.join(missing)}: no such file or folder", ExitCode.NOT_FOUND, False)
    overrides = {key: value for key, value in {"model": model, "base_url": base_url}.items() if value is not None}
    if api_key_env:
        if not os.environ.get(api_key_env):
            raise _fail(f"environment variable {api_key_env} is not set", ExitCode.USAGE, False)
        overrides["api_key"] = os.environ[api_key_env]
    if offline:
        overrides.update(backend="embedded", base_url=None, api_key=None)
    try:
        run = build_digest(inputs, output, since=low, until=high, store_path=store, settings=Settings(**overrides),
                           workers=workers, rate=rate, progress=stderr.is_terminal, batch_export=batch_export,
                           batch_import=batch_import)
    except LockedError as error:
        raise _fail(str(error), ExitCode.LOCKED, verbose) from None
    except BatchError as error:  # batch options on the embedded model, or a batch file that is not one
        raise _fail(str(error), ExitCode.USAGE, verbose) from None
    report = run.report
    for failure in report["failed"]:
        stderr.print(f"error: {failure['input']}: {failure['reason']}", markup=False)
    stderr.print(f"{len(run.digest.stories)} stories; {report['articles_seen']} articles seen, {report['new']} new, "
                 f"{report['cached']} cached, {len(report['failed'])} failed; {report['model_calls']} model calls, "
                 f"{report['seconds']}s -> {output}", markup=False)
    code = {"complete": ExitCode.OK, "partial": ExitCode.DIGEST_PARTIAL, "failed": ExitCode.DIGEST_FAILED}[run.status]
    raise typer.Exit(int(code))


def main() -> None:  # pragma: no cover - console entry point
    app()
