"""Score `SummaryResult` predictions against the labelled gold set (bench/labelled/FORMAT.md).

Pure functions over plain dicts: `load_gold(folder)` is the only I/O.

    report = score(load_gold(folder), {"courts_03": result_dict, ...})
    print(report.markdown_table())

Every predicted field is a TP or an FP (precision); every gold field of a required event
is found or missed (recall). Fields predicted on an event matched to an *optional* gold
event are judged against it (TP or FP) but optional gold fields never count as misses,
so a kind's TP can exceed its found count: recall is found / (found + FN).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

Gold = dict[str, Any]
Prediction = dict[str, Any]

KINDS: tuple[str, ...] = ("event", "who", "whom", "when", "where", "status", "type", "quantity", "attribution", "claim")
# Predicted sub_types that mean "no type". Gold has no `statement` class (statements are
# typed null), so the engine's `statement` is general too.
GENERAL_SUBTYPES: frozenset[str | None] = frozenset({None, "", "other", "statement"})
ROLE_KIND = {"initiator": "who", "target": "whom"}
MAX_EXTRA_WORDS = 3

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})


# --------------------------------------------------------------------------- strings

def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return text[start:end]


def norm(text: str | None) -> str:
    """Casefold, NFKC, straight quotes, collapsed spaces; no leading 'the ', no trailing
    possessive "'s", no punctuation at the ends."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = _strip_edges(" ".join(text.split()))
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return _strip_edges(text)


def name_matches(predicted: str | None, variants: Iterable[str]) -> bool:
    """Equal after `norm`, or a variant occurs as whole words in the prediction and the
    prediction has at most MAX_EXTRA_WORDS more words ("Judge Petra Holm" for "Petra Holm")."""
    pred = norm(predicted)
    if not pred:
        return False
    for variant in variants:
        v = norm(variant)
        if not v:
            continue
        if pred == v:
            return True
        if (re.search(r"(?<!\w)" + re.escape(v) + r"(?!\w)", pred)
                and len(pred.split()) <= len(v.split()) + MAX_EXTRA_WORDS):
            return True
    return False


def contains(haystack: str | None, needle: str | None) -> bool:
    """Normalized containment."""
    n = norm(needle)
    return bool(n) and n in norm(haystack)


# --------------------------------------------------------------------------- report

@dataclass
class KindScore:
    tp: int = 0  # predicted and right
    fp: int = 0  # predicted and wrong
    found: int = 0  # gold (of required events) found
    fn: int = 0  # gold (of required events) missed

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.found / (self.found + self.fn) if self.found + self.fn else None


@dataclass(frozen=True)
class Error:
    article: str
    outcome: str  # "FP" or "FN"
    kind: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.article}\t{self.outcome}\t{self.kind}\t{self.value}\t{self.reason}"


@dataclass
class Report:
    kinds: dict[str, KindScore] = field(default_factory=lambda: {kind: KindScore() for kind in KINDS})
    articles_with_events: int = 0  # articles with at least one required gold event
    articles_event_found: int = 0  # ... of which at least one required event was matched
    articles_with_main: int = 0
    articles_main_found: int = 0  # the predicted main event matched the gold main event
    none_articles: int = 0  # articles without gold events
    none_articles_with_events: int = 0  # ... that got a predicted event anyway
    errors: list[Error] = field(default_factory=list)

    @property
    def overall(self) -> KindScore:
        return KindScore(tp=sum(k.tp for k in self.kinds.values()), fp=sum(k.fp for k in self.kinds.values()),
                         found=sum(k.found for k in self.kinds.values()), fn=sum(k.fn for k in self.kinds.values()))

    @property
    def event_found_share(self) -> float | None:
        return self.articles_event_found / self.articles_with_events if self.articles_with_events else None

    @property
    def main_found_share(self) -> float | None:
        return self.articles_main_found / self.articles_with_main if self.articles_with_main else None

    def markdown_table(self) -> str:
        lines = ["| kind | precision | recall | TP | FP | FN |", "|---|---:|---:|---:|---:|---:|"]
        rows = [(kind, self.kinds[kind]) for kind in KINDS] + [("**overall**", self.overall)]
        for name, k in rows:
            lines.append(f"| {name} | {pct(k.precision)} | {pct(k.recall)} | {k.tp} | {k.fp} | {k.fn} |")
        return "\n".join(lines)


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


# --------------------------------------------------------------------------- scoring

def load_gold(folder: str | Path) -> dict[str, Gold]:
    """Every `<id>.gold.json` in `folder`, by id."""
    gold: dict[str, Gold] = {}
    for path in sorted(Path(folder).glob("*.gold.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        gold[item.get("id") or path.name.removesuffix(".gold.json")] = item
    return gold


def score(gold_by_id: dict[str, Gold], predictions_by_id: dict[str, Prediction | None]) -> Report:
    """Score every gold article; a missing prediction counts as an empty one."""
    report = Report()
    for article_id in sorted(gold_by_id):
        _score_article(report, article_id, gold_by_id[article_id], predictions_by_id.get(article_id) or {})
    return report


def _quotes(event: Prediction) -> list[str]:
    return [e.get("quote") or "" for e in event.get("evidence") or []]


def _doc_order(events: list[Prediction]) -> list[int]:
    def first_start(i: int) -> tuple[int, int]:
        starts = [e["start"] for e in events[i].get("evidence") or [] if isinstance(e.get("start"), int)]
        return (min(starts) if starts else 1 << 60, i)
    return sorted(range(len(events)), key=first_start)


def _candidates(pred: Prediction, gold_events: list[Gold]) -> list[int]:
    trigger = norm(pred.get("trigger"))
    quotes = _quotes(pred)
    return [g for g, gold in enumerate(gold_events)
            if trigger and trigger in {norm(w) for w in gold.get("what") or []}
            and any(contains(q, m) for q in quotes for m in gold.get("mentions") or [])]


def _main_index(events: list[Prediction]) -> int | None:
    if not events:
        return None
    if not any("main" in event for event in events):
        return 0  # results from before `main` existed: the first event is the main one
    return next((i for i, event in enumerate(events) if event.get("main")), None)


def _quantity_key(q: dict[str, Any]) -> str:
    number = q.get("value") if q.get("value") is not None else f"{q.get('min')}-{q.get('max')}"
    return f"{q.get('qualifier') or 'exact'} {number} {q.get('unit')}"


def _same_quantity(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if gold.get("value") is not None:
        number_ok = pred.get("value") == gold["value"]
    else:
        number_ok = (pred.get("min"), pred.get("max")) == (gold.get("min"), gold.get("max"))
    return (number_ok and pred.get("unit") == gold.get("unit")
            and (pred.get("qualifier") or "exact") == (gold.get("qualifier") or "exact"))


def _score_article(report: Report, aid: str, gold: Gold, pred: Prediction) -> None:
    gold_events: list[Gold] = gold.get("events") or []
    events: list[Prediction] = pred.get("events") or []
    kinds = report.kinds

    def fp(kind: str, value: Any, reason: str) -> None:
        kinds[kind].fp += 1
        report.errors.append(Error(aid, "FP", kind, str(value), reason))

    def fn(kind: str, value: Any, reason: str) -> None:
        kinds[kind].fn += 1
        report.errors.append(Error(aid, "FN", kind, str(value), reason))

    # 1. Events: one-to-one greedy matching in document order.
    match: dict[int, int] = {}  # predicted index -> gold index
    for p in _doc_order(events):
        event = events[p]
        candidates = _candidates(event, gold_events)
        free = [g for g in candidates if g not in match.values()]
        if free:
            match[p] = free[0]
            kinds["event"].tp += 1
        elif candidates:
            fp("event", event.get("trigger"), f"duplicate of gold event {candidates[0]} ({gold_events[candidates[0]]['what'][0]})")
        else:
            fp("event", event.get("trigger"), "no gold event with this trigger and mention")

    # 2. Fields of predicted events.
    used_quantities: set[tuple[int, int]] = set()  # (gold event, gold quantity) already claimed
    for p, event in enumerate(events):
        g = match.get(p)
        gold_event = gold_events[g] if g is not None else None
        where_ = f"event '{event.get('trigger')}'"
        unmatched = f"on unmatched {where_}"
        found_actors: set[tuple[str, int]] = set()
        for actor in event.get("actors") or []:
            kind = ROLE_KIND.get(actor.get("role") or "", "who")
            name = actor.get("name")
            if gold_event is None:
                fp(kind, name, unmatched)
                continue
            hits = [a for a, variants in enumerate(gold_event.get(kind) or []) if name_matches(name, variants)]
            hit = next((a for a in hits if (kind, a) not in found_actors), None)
            if hit is None:
                fp(kind, name, f"duplicate {kind} on {where_}" if hits else f"not a {kind} of {where_}")
            else:
                found_actors.add((kind, hit))
                kinds[kind].tp += 1
        for kind, value, gold_key in (("when", (event.get("date") or {}).get("text"), "when"),
                                      ("where", (event.get("location") or {}).get("place"), "where")):
            if value is None:
                continue
            if gold_event is None:
                fp(kind, value, unmatched)
            elif name_matches(value, gold_event.get(gold_key) or []):
                kinds[kind].tp += 1
            else:
                fp(kind, value, f"gold {gold_key}: {gold_event.get(gold_key) or 'none'}")
        sub_type = event.get("sub_type")
        for kind, value, gold_key in (("status", event.get("status"), "status"),
                                      ("type", None if sub_type in GENERAL_SUBTYPES else sub_type, "sub_type")):
            if value is None:
                continue
            if gold_event is None:
                fp(kind, value, unmatched)
            elif value == gold_event.get(gold_key):
                kinds[kind].tp += 1
            else:
                fp(kind, value, f"gold {gold_key} {gold_event.get(gold_key)} on {where_}")
        for quantity in event.get("quantities") or []:
            key = _quantity_key(quantity)
            if gold_event is None:
                fp("quantity", key, unmatched)
                continue
            hit = next((q for q, gq in enumerate(gold_event.get("quantities") or [])
                        if (g, q) not in used_quantities and _same_quantity(quantity, gq)), None)
            if hit is None:
                owner = next((gold_events[o]["what"][0] for o, other in enumerate(gold_events) if o != g
                              and any(_same_quantity(quantity, gq) for gq in other.get("quantities") or [])), None)
                fp("quantity", key, f"belongs to gold event '{owner}'" if owner else f"not a quantity of {where_}")
                continue
            used_quantities.add((g, hit))
            kinds["quantity"].tp += 1
            attribution = quantity.get("attribution")
            if attribution:
                gold_attribution = gold_event["quantities"][hit].get("attribution") or []
                if name_matches(attribution, gold_attribution):
                    kinds["attribution"].tp += 1
                else:
                    fp("attribution", attribution, f"gold attribution {gold_attribution or 'none'} for {key}")

    # 3. Recall over required gold events.
    matched_gold = {g: p for p, g in match.items()}
    for g, gold_event in enumerate(gold_events):
        if gold_event.get("optional"):
            continue
        label = f"gold event '{(gold_event.get('what') or ['?'])[0]}'"
        p = matched_gold.get(g)
        event = events[p] if p is not None else None
        missing = "event not found" if event is None else None
        if event is not None:
            kinds["event"].found += 1
        else:
            fn("event", label, f"mentions {gold_event.get('mentions')}")
        for kind in ("who", "whom"):
            names = [a.get("name") for a in (event or {}).get("actors") or [] if ROLE_KIND.get(a.get("role") or "", "who") == kind]
            for variants in gold_event.get(kind) or []:
                if any(name_matches(n, variants) for n in names):
                    kinds[kind].found += 1
                else:
                    fn(kind, variants[0], missing or f"{label} has {kind} {names}")
        for kind, value in (("when", ((event or {}).get("date") or {}).get("text")),
                            ("where", ((event or {}).get("location") or {}).get("place"))):
            if gold_event.get(kind):
                if name_matches(value, gold_event[kind]):
                    kinds[kind].found += 1
                else:
                    fn(kind, gold_event[kind][0], missing or f"{label} predicted {value!r}")
        if gold_event.get("status"):
            if event is not None and event.get("status") == gold_event["status"]:
                kinds["status"].found += 1
            else:
                fn("status", gold_event["status"], missing or f"{label} predicted {event.get('status')}")
        if gold_event.get("sub_type"):
            if event is not None and event.get("sub_type") == gold_event["sub_type"]:
                kinds["type"].found += 1
            else:
                fn("type", gold_event["sub_type"], missing or f"{label} predicted {event.get('sub_type')}")
        for q, gq in enumerate(gold_event.get("quantities") or []):
            key = f"{_quantity_key(gq)} ({gq.get('text')})"
            pq = next((pq for pq in (event or {}).get("quantities") or [] if _same_quantity(pq, gq)), None)
            if (g, q) in used_quantities:
                kinds["quantity"].found += 1
            else:
                fn("quantity", key, missing or f"not on {label}")
            if gq.get("attribution"):
                if pq is not None and name_matches(pq.get("attribution"), gq["attribution"]):
                    kinds["attribution"].found += 1
                else:
                    fn("attribution", gq["attribution"][0], missing or f"{key} predicted {(pq or {}).get('attribution')!r}")

    # 4. Claims: one-to-one, in order.
    gold_claims: list[Gold] = gold.get("claims") or []
    used_claims: set[int] = set()
    for claim in pred.get("claims") or []:
        texts = [claim.get("text") or ""] + _quotes(claim)
        speaker = claim.get("speaker")
        hits = [c for c, gc in enumerate(gold_claims)
                if any(contains(t, gc.get("contains")) for t in texts) and name_matches(speaker, gc.get("speaker") or [])]
        free = [c for c in hits if c not in used_claims]
        if free:
            used_claims.add(free[0])
            kinds["claim"].tp += 1
        else:
            fp("claim", f"{speaker}: {claim.get('text')}", "duplicate claim" if hits else "no gold claim with this speaker and text")
    for c, gc in enumerate(gold_claims):
        if c in used_claims:
            kinds["claim"].found += 1
        else:
            fn("claim", f"{(gc.get('speaker') or ['?'])[0]}: {gc.get('contains')}", "claim not found")

    # 5. Article-level figures.
    required = [g for g, gold_event in enumerate(gold_events) if not gold_event.get("optional")]
    if required:
        report.articles_with_events += 1
        report.articles_event_found += any(g in matched_gold for g in required)
    gold_main = next((g for g, gold_event in enumerate(gold_events) if gold_event.get("main")), None)
    if gold_main is not None:
        report.articles_with_main += 1
        main = _main_index(events)
        report.articles_main_found += main is not None and match.get(main) == gold_main
    if not gold_events:
        report.none_articles += 1
        report.none_articles_with_events += bool(events)
