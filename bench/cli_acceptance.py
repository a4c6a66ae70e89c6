"""Acceptance run of the CLI on the reference corpus (embedded model, offline).

For every article in ../shared/corpus: `summarize summary` as JSON, Markdown and HTML;
`summarize verify` must confirm the JSON; the HTML page is loaded in headless Chromium
and must show evidence highlights and the rejected panel, with article markup inert.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SUMMARIZE = str(Path(sys.executable).parent / "summarize")


def sh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True)


def dom(page: Path) -> str:
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as profile:
        return sh(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                  "--dump-dom", page.as_uri()).stdout


def main() -> int:
    articles = sorted(CORPUS.glob("*.txt"))
    if not articles:
        print(f"no corpus at {CORPUS}")
        return 1
    out = Path(tempfile.mkdtemp(prefix="summarize-acceptance-"))
    failures = []
    for fmt in ("json", "md", "html"):
        made = sh(SUMMARIZE, "summary", *map(str, articles), "--offline", "-f", fmt, "-o", str(out / fmt))
        print(f"summary -f {fmt}: exit {made.returncode}; {made.stderr.strip().splitlines()[-1]}")
        if made.returncode != 0:
            failures.append(f"summary -f {fmt} exited {made.returncode}")
    for article in articles:
        stem = article.stem
        checked = sh(SUMMARIZE, "verify", str(out / "json" / f"{stem}.json"), str(article))
        facts = len(json.loads((out / "json" / f"{stem}.json").read_text())["events"])
        markdown = (out / "md" / f"{stem}.md").read_text()
        page = dom(out / "html" / f"{stem}.html")
        marks = page.count('<mark class="ev')
        row = {
            "article": stem,
            "verify": checked.stderr.strip().splitlines()[-1],
            "events": facts,
            "markdown sections": sum(h in markdown for h in ("## Summary", "## Events", "## Rejected")),
            "highlights": marks,
            "rejected panel": 'id="rejected"' in page,
            "article scripts": page.count("<script") - 1,
        }
        print(row)
        if checked.returncode != 0 or not marks or not row["rejected panel"] or row["article scripts"]:
            failures.append(stem)
    print(f"outputs in {out}")
    print("FAILED: " + ", ".join(failures) if failures else "all corpus articles pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
