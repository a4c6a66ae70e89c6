"""Digest input: folders (or files) of articles and JSONL feeds, in a stable order.

A feed line is a JSON object with `text` or `html`, and optionally `url`, `source` and
`published` (YYYY-MM-DD or an ISO timestamp).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".md"}
FEED_SUFFIXES = {".jsonl", ".ndjson"}


class FeedError(InputError):
    """A feed line is not an article."""


@dataclass(frozen=True)
class InputArticle:
    name: str  # file path or feed:line, for messages and the digest's `input`
    raw: bytes
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None

    @property
    def raw_sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def context(self) -> str:
        """The metadata that changes what ingest makes of the same bytes."""
        return f"{self.source or ''}|{self.published.isoformat() if self.published else ''}"


def _date(value: object, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise FeedError(f"{where}: 'published' must be a string date, not {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise FeedError(f"{where}: 'published' {value!r} is not a date (YYYY-MM-DD)") from None


def read_feed(path: Path) -> tuple[list[InputArticle], list[tuple[str, str]]]:
    """Articles of a JSONL feed, and (line, problem) for lines that are not articles."""
    articles: list[InputArticle] = []
    problems: list[tuple[str, str]] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise FeedError(f"{where}: a feed line must be a JSON object")
                body = item.get("text") if item.get("text") is not None else item.get("html")
                if not isinstance(body, str) or not body.strip():
                    raise FeedError(f"{where}: no 'text' or 'html'")
                url, source = item.get("url"), item.get("source")
                articles.append(InputArticle(
                    name=where, raw=body.encode("utf-8"),
                    url=url if isinstance(url, str) else None,
                    source=source if isinstance(source, str) else None,
                    published=_date(item.get("published"), where),
                ))
            except (ValueError, FeedError) as error:
                problems.append((where, str(error) if isinstance(error, FeedError) else f"{where}: not JSON ({error})"))
    return articles, problems


def collect_inputs(paths: list[str | Path]) -> tuple[list[InputArticle], list[tuple[str, str]]]:
    """Every article of the given files, folders and feeds; plus (name, problem) for what could not be read."""
    articles: list[InputArticle] = []
    problems: list[tuple[str, str]] = []

    def add_file(path: Path) -> None:
        try:
            if path.suffix.lower() in FEED_SUFFIXES:
                found, bad = read_feed(path)
                articles.extend(found)
                problems.extend(bad)
            else:
                articles.append(InputArticle(name=str(path), raw=path.read_bytes()))
        except OSError as error:
            problems.append((str(path), error.strerror or str(error)))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # A folder's README is about the folder, not an article.
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.upper().startswith("README.")
                           and p.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES)
            if not files:
                problems.append((str(path), "the folder holds no article files or feeds"))
            for file in files:
                add_file(file)
        elif path.is_file():
            add_file(path)
        else:
            problems.append((str(path), "no such file or folder"))
    return articles, problems
