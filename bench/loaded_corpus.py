"""Neutrality of the embedded engine's summaries on ../shared/corpus (or any folder of articles).

Per article: own-voice loaded terms in the source (and attributed ones), own-voice loaded
terms in the summary (the goal is 0), summary sentences emitted and rejected, and
casualty figures or blame in the summary that its sentence does not attribute (the
goal is 0). Re-counted here from the result, not read from the report alone.

Run: .venv/bin/python bench/loaded_corpus.py [FOLDER] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import find_loaded_language, summarize_article  # noqa: E402
from summarize.article.language import parse  # noqa: E402
from summarize.verify.neutrality import attribution_checks  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def unattributed_in_summary(result) -> list[str]:
    """Casualty figures and blame in the emitted summary that its own sentence does not attribute,
    checked on a fresh parse of each summary sentence."""
    failed = []
    for sentence in result.summary:
        doc = parse(sentence.text).doc
        failed += [c.cue for c in attribution_checks([t for t in doc if t.text.strip()], 0) if not c.passed]
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--show", action="store_true", help="print each summary sentence and each rejected one")
    args = parser.parse_args()
    rows = ["| article | words | source loaded (own voice) | source attributed | subjectivity source / summary "
            "| summary sentences (rejected) | summary loaded (own voice) | unattributed casualty/blame in summary |",
            "|---|---|---|---|---|---|---|---|"]
    totals = [0, 0, 0, 0]
    for path in sorted(args.folder.glob("*.txt")):
        if path.name.lower().startswith("readme"):
            continue
        result = summarize_article(path.read_bytes())
        report = result.neutrality
        own = [t for t in report.source_terms if not t.attributed]
        attributed = [t for t in report.source_terms if t.attributed]
        summary_own = [t for t in find_loaded_language("\n".join(s.text for s in result.summary)) if not t.attributed]
        unattributed = unattributed_in_summary(result)
        rejected = [r for r in result.rejected if r.field.startswith("summary")]
        totals = [totals[0] + len(own), totals[1] + len(summary_own), totals[2] + len(unattributed),
                  totals[3] + len(result.summary)]
        terms = ", ".join(sorted({t.term.lower() for t in own})) or "-"
        rows.append(f"| {path.name} | {report.source_words} | {len(own)} ({terms}) | {len(attributed)} | "
                    f"{report.source_subjectivity:.2f} / {report.summary_subjectivity:.2f} | {len(result.summary)} "
                    f"({len(rejected)}) | {len(summary_own)} | {len(unattributed)}"
                    f"{' (' + ', '.join(unattributed) + ')' if unattributed else ''} |")
        for r in rejected:
            print(f"  {path.name} rejected summary sentence: {r.reason}"
                  + (f"\n      {r.value}" if args.show else ""), file=sys.stderr)
        if args.show:
            for sentence in result.summary:
                print(f"  {path.name} summary ({len(sentence.evidence)} span(s)): {sentence.text}", file=sys.stderr)
    rows.append(f"| **all** | | {totals[0]} | | | {totals[3]} | {totals[1]} | {totals[2]} |")
    table = "\n".join(rows)
    print(table)
    if args.markdown:
        machine = f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
        args.markdown.write_text(
            f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine}, embedded default model; "
            f"command: `.venv/bin/python bench/loaded_corpus.py`\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
