"""`python -m summarize ARTICLE [--json]`: summarize one article file (plain text or HTML)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarize.errors import SummarizeError
from summarize.pipeline import summarize_article
from summarize.render.text import to_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarize", description=__doc__)
    parser.add_argument("article", type=Path, help="article file, plain text or HTML; - for stdin")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument("--published", help="publication date (YYYY-MM-DD) for relative dates")
    args = parser.parse_args(argv)
    try:
        raw = sys.stdin.buffer.read() if str(args.article) == "-" else args.article.read_bytes()
        result = summarize_article(raw, published=args.published)
    except OSError as error:
        print(f"error: cannot read {args.article}: {error.strerror}", file=sys.stderr)
        return 2
    except SummarizeError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    print(result.model_dump_json(indent=2) if args.json else to_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
