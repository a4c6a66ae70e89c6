"""Regenerate tests/fixtures/digest/results/: the embedded model's SummaryResult for each fixture article.

The digest's grouping and merging tests read these instead of running the model, so they
are fast and deterministic; rerun this after the engine changes:

    .venv/bin/python bench/digest_fixture_results.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import Settings, summarize_article  # noqa: E402
from summarize.backends.client import ModelClient  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "digest"


def main() -> None:
    settings = Settings(backend="embedded")
    client = ModelClient(settings)
    out = FIXTURE / "results"
    out.mkdir(exist_ok=True)
    only = set(sys.argv[1:])  # file names to (re)do; default all
    for path in sorted((FIXTURE / "articles").glob("*.txt")):
        if only and path.name not in only:
            continue
        result = summarize_article(path.read_bytes(), settings=settings, client=client)
        (out / f"{path.stem}.json").write_text(result.model_dump_json(indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(result.events)} events, {result.usage.calls} calls, {result.usage.seconds}s")


if __name__ == "__main__":
    main()
