"""Precision and recall of `summarize.find_loaded_language` per category on bench/loaded/.

Run: .venv/bin/python bench/loaded_score.py [--set heldout] [--markdown FILE] [--errors]
The set and the matching rules are described in bench/loaded/FORMAT.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import find_loaded_language  # noqa: E402
from summarize.models import LoadedCategory  # noqa: E402

SET = ROOT / "bench" / "loaded"
MARK = re.compile(r"\[([^\[\]|]+)\|(emotive|label|intensifier|speculation)(\|attributed)?\]")


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    category: str
    attributed: bool


@dataclass
class Item:
    genre: str
    text: str
    gold: list[Gold]


def parse_line(line: str) -> tuple[str, list[Gold]]:
    """'The [tragic|emotive] crash' -> ('The tragic crash', [Gold(4, 10, 'emotive', False)])."""
    text, gold, cursor = "", [], 0
    for match in MARK.finditer(line):
        text += line[cursor:match.start()]
        start = len(text)
        text += match.group(1)
        gold.append(Gold(start, len(text), match.group(2), bool(match.group(3))))
        cursor = match.end()
    text += line[cursor:]
    if "[" in text and "|" in text:
        raise ValueError(f"malformed mark-up: {line!r}")
    return text, gold


SETS = {"labelled": "sentences_*.txt", "heldout": "heldout_*.txt"}


def load(directory: Path = SET, pattern: str = SETS["labelled"]) -> list[Item]:
    items: list[Item] = []
    for path in sorted(directory.glob(pattern)):
        genre = "?"
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line.startswith("## genre:"):
                genre = line.split(":", 1)[1].strip()
            if not line or line.startswith("#"):
                continue
            text, gold = parse_line(line)
            items.append(Item(genre, text, gold))
    return items


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    recalled: int = 0
    gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.recalled / self.gold if self.gold else None


def score(items: list[Item], detect=find_loaded_language) -> tuple[dict[str, Counts], dict[str, int], list[str]]:
    """Per category counts, attribution counts and a list of errors (for --errors)."""
    counts = {c.value: Counts() for c in LoadedCategory}
    attribution = {"gold_attributed": 0, "found": 0, "reported_attributed": 0}
    errors: list[str] = []
    for item in items:
        predicted = detect(item.text)
        own = [p for p in predicted if not p.attributed]
        own_gold = [g for g in item.gold if not g.attributed]
        for p in own:
            hit = any(g.category == p.category.value and overlaps(p.start, p.end, g.start, g.end) for g in own_gold)
            counts[p.category.value].tp += hit
            counts[p.category.value].fp += not hit
            if not hit:
                errors.append(f"FP {p.category.value:12} {p.term!r:22} | {item.text}")
        for g in own_gold:
            counts[g.category].gold += 1
            if any(p.category.value == g.category and overlaps(p.start, p.end, g.start, g.end) for p in own):
                counts[g.category].recalled += 1
            else:
                counts[g.category].fn += 1
                errors.append(f"FN {g.category:12} {item.text[g.start:g.end]!r:22} | {item.text}")
        for g in item.gold:
            if not g.attributed:
                continue
            attribution["gold_attributed"] += 1
            found = [p for p in predicted if overlaps(p.start, p.end, g.start, g.end)]
            if found:
                attribution["found"] += 1
                attribution["reported_attributed"] += all(p.attributed for p in found)
    return counts, attribution, errors


def total(counts: dict[str, Counts]) -> Counts:
    all_counts = Counts()
    for c in counts.values():
        all_counts.tp += c.tp
        all_counts.fp += c.fp
        all_counts.fn += c.fn
        all_counts.recalled += c.recalled
        all_counts.gold += c.gold
    return all_counts


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(items: list[Item], counts: dict[str, Counts], attribution: dict[str, int]) -> str:
    lines = ["| category | gold spans | predicted | true positives | precision | recall |", "|---|---|---|---|---|---|"]
    for name, c in [*counts.items(), ("all", total(counts))]:
        lines.append(f"| {name} | {c.gold} | {c.tp + c.fp} | {c.tp} | {_fmt(c.precision)} | {_fmt(c.recall)} |")
    own = sum(1 for i in items for g in i.gold if not g.attributed)
    neutral = sum(1 for i in items if not i.gold)
    lines += ["", f"{len(items)} sentences ({neutral} with no loaded term), {own} own-voice gold spans, "
              f"{attribution['gold_attributed']} attributed gold spans: the detector found "
              f"{attribution['found']} of them and reported {attribution['reported_attributed']} as attributed."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="labelled",
                        help="labelled: written before the lexicon; heldout: written after it, never tuned on")
    parser.add_argument("--markdown", type=Path, help="also write the table (with date, machine, command) here")
    parser.add_argument("--errors", action="store_true", help="list every false positive and missed span")
    args = parser.parse_args()
    items = load(pattern=SETS[args.set])
    counts, attribution, errors = score(items)
    report = table(items, counts, attribution)
    print(report)
    if args.errors:
        print("\n" + "\n".join(errors))
    if args.markdown:
        machine = f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
        header = (f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {machine}; "
                  f"command: `.venv/bin/python bench/loaded_score.py --set {args.set}`\n\n")
        args.markdown.write_text(header + report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
