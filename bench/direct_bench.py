"""Calls per article and prompt tokens against article tokens for the direct engine.

    .venv/bin/python bench/direct_bench.py            # measure, print, append to BENCHMARKS.md
    .venv/bin/python bench/direct_bench.py --no-write

The direct engine runs through the pipeline against a scripted OpenAI-compatible endpoint
(httpx.MockTransport, no model computes), which answers like a capable model would:

- `gold`: the labelled facts of the fixture (bench/labelled, bench/heldout), turned into the
  wire format: each event's quote is its gold mention in the body, actors its who/whom, and
  so on; the summary is the article's first two body sentences, copied with their quotes.
- `guided`: the verified facts the guided engine finds on the same article (its lettered
  questions answered by the same kind of scripted endpoint, first option), in the wire
  format. Used for ../shared/corpus (read in place, never copied), which has no gold.

Each chunk's request is answered with the facts whose quotes lie in that chunk. A re-ask
is answered with nothing (a model that cannot fix what failed), so every failed fact ends
in `rejected`; whether it costs its chunk a second call is the engine's re-ask policy
(only wrong words or numbers earn one, within the `direct_prompt_ratio` token budget; see
`summarize.extract.direct`). Tokens are counted with the packaged Gemma 3 tokenizer
(vocabulary only; no computation) on the message text, the chat template's few tokens
excluded; the engine itself budgets with `estimate_tokens`, whose error against that
tokenizer is reported too. The fixed prefix is the direct prompt (prompts/v2/direct.txt);
each call sends it once (servers cache it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import Settings, summarize_article  # noqa: E402
from summarize.article.ingest import ingest  # noqa: E402
from summarize.article.loaded import find_loaded_language, own_voice  # noqa: E402
from summarize.article.language import parse  # noqa: E402
from summarize.backends.client import ModelClient  # noqa: E402
from summarize.extract.direct import estimate_tokens  # noqa: E402
from summarize.extract.prompts import load_prompt  # noqa: E402
from summarize.verify.locate import locate  # noqa: E402
from tests.scripted import ScriptedServer, first_options  # noqa: E402
from tests.scripted_direct import ScriptedDirectServer, article_numbers  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = [ROOT / "bench" / "labelled", ROOT / "bench" / "heldout"]
EXAMPLES = ROOT / "examples"
EMPTY = {"events": [], "claims": [], "summary": []}


def gemma_tokenizer():
    from llama_cpp import Llama

    from summarize.backends.embedded import embedded_model_path

    vocab = Llama(model_path=str(embedded_model_path(Settings())), vocab_only=True, verbose=False)
    return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))


# --- the scripted capable model ---------------------------------------------------------------

def _sentences(text: str):
    return [s for s in parse(text).sentences if s.usable]


def _sentence_of(quote: str, text: str, sentences) -> tuple[str, object] | None:
    """The quote as it stands in one usable sentence of the body, and that sentence."""
    found = locate(quote, text)
    if found is None:
        return None
    sentence = next((s for s in sentences if s.start <= found.start < s.end), None)
    if sentence is None or found.end > sentence.end:
        return None
    return text[found.start:found.end], sentence


def gold_answer(gold: dict, text: str) -> list[tuple[dict, str, set[int]]]:
    """(fact, kind, sentence indexes it quotes) for every gold fact found in the body."""
    sentences = _sentences(text)
    facts = []
    for event in gold["events"]:
        placed = next((p for m in event["mentions"] if (p := _sentence_of(m, text, sentences))), None)
        if placed is None:
            continue
        quote, sentence = placed
        trigger = next((w for w in event["what"] if w.lower() in quote.lower()), event["what"][0])
        fact = {
            "trigger": trigger, "quote": quote, "sentence": sentence.index, "sub_type": event.get("sub_type") or
            ("statement" if event.get("event_type") == "statement" else "other"), "status": event["status"],
            "main": event.get("main", False),
            "date": event["when"][0] if event.get("when") else None,
            "place": event["where"][0] if event.get("where") else None,
            "actors": [{"name": names[0], "role": "initiator"} for names in event.get("who", [])] +
                      [{"name": names[0], "role": "target"} for names in event.get("whom", [])],
            "quantities": [{"quote": q["text"], "value": q.get("value"), "min": q.get("min"), "max": q.get("max"),
                            "qualifier": q.get("qualifier", "exact"), "unit": q["unit"],
                            "attribution": (q.get("attribution") or [None])[0]} for q in event.get("quantities", [])],
        }
        facts.append((fact, "event", {sentence.index}))
    for claim in gold.get("claims", []):
        sentence = next((s for s in sentences if claim["contains"] in s.text), None)
        if sentence is not None:
            facts.append(({"speaker": claim["speaker"][0], "quote": sentence.text, "sentence": sentence.index},
                          "claim", {sentence.index}))
    return facts + lead_summary(sentences)


def lead_summary(sentences) -> list[tuple[dict, str, set[int]]]:
    """The first two body sentences without loaded wording in their own voice, copied."""
    plain = [s for s in sentences if not own_voice(find_loaded_language(s.text))][:2]
    return [({"text": s.text, "quotes": [s.text]}, "summary", {s.index}) for s in plain]


def following_the_contract(facts, text: str):
    """What a model that follows the prompt's rules would send of these facts: names, dates and
    places copied from the event's own sentence, a number phrase from it or the next sentence,
    a claim whose speaker is named in its sentence (plain string containment, not our checks)."""
    sentences = {s.index: s for s in _sentences(text)}
    kept = []
    for fact, kind, indexes in facts:
        home = sentences.get(next(iter(indexes)))
        if home is None:
            continue
        if kind == "event":
            after = sentences.get(home.index + 1)
            near = home.text + " " + (after.text if after else "")
            fact = dict(fact, actors=[a for a in fact["actors"] if a["name"] in home.text],
                        date=fact["date"] if fact["date"] and fact["date"] in home.text else None,
                        place=fact["place"] if fact["place"] and fact["place"] in home.text else None,
                        quantities=[q for q in fact["quantities"] if q["quote"] in near])
        elif kind == "claim" and fact["speaker"] not in home.text:
            continue
        kept.append((fact, kind, indexes))
    return kept


def guided_answer(raw: bytes) -> list[tuple[dict, str, set[int]]]:
    server = ScriptedServer(first_options)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", engine="guided")
    result = summarize_article(raw, settings=settings, client=ModelClient(settings, http_client=server.client()))
    text = result.article.text
    sentences = _sentences(text)

    def index_of(start: int) -> int:
        return next((s.index for s in sentences if s.start <= start < s.end), -1)

    facts = []
    for event in result.events:
        home = event.evidence[0]
        fact = {
            "trigger": event.trigger, "quote": home.quote, "sentence": index_of(home.start),
            "sub_type": event.sub_type.value, "status": event.status.value, "main": event.main,
            "date": event.date.text if event.date else None,
            "place": event.location.place if event.location else None,
            "actors": [{"name": a.name, "role": a.role.value} for a in event.actors],
            "quantities": [{"quote": q.text, "value": q.value, "min": q.min, "max": q.max,
                            "qualifier": q.qualifier.value, "unit": q.unit.value, "attribution": q.attribution}
                           for q in event.quantities],
        }
        facts.append((fact, "event", {index_of(home.start)}))
    for claim in result.claims:
        facts.append(({"speaker": claim.speaker, "quote": claim.text, "sentence": index_of(claim.evidence[0].start)},
                      "claim", {index_of(claim.evidence[0].start)}))
    return facts + lead_summary(sentences)


def answering(facts: list[tuple[dict, str, set[int]]], text: str):
    """The scripted model: per chunk, the facts whose sentences it holds (numbered as sent)."""
    sentences = _sentences(text)
    number_of = {s.index: n for n, s in enumerate(sentences, 1)}

    def answer(prompt: str) -> dict:
        if "failed verification" in prompt or "was not usable" in prompt:
            return EMPTY
        shown = set(article_numbers(prompt))
        first_chunk = "summary: []" not in prompt
        out = {"events": [], "claims": [], "summary": []}
        for fact, kind, indexes in facts:
            numbers = {number_of.get(i) for i in indexes}
            if not numbers <= shown:
                continue
            fact = dict(fact)
            if "sentence" in fact:
                fact["sentence"] = number_of.get(fact["sentence"], 0)
            if kind == "event":
                out["events"].append(fact)
            elif kind == "claim":
                out["claims"].append(fact)
            elif first_chunk:
                out["summary"].append(fact)
        return out

    return answer


# --- the run ---------------------------------------------------------------------------------

def measure(name: str, raw: bytes, facts, count, prefix_tokens: int, **overrides) -> dict:
    text = ingest(raw).text
    server = ScriptedDirectServer([answering(facts, text)] * 20, count_tokens=count)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", engine="direct", **overrides)
    result = summarize_article(raw, settings=settings, client=ModelClient(settings, http_client=server.client()))
    chunks = sum(1 for body in server.requests
                 if "failed verification" not in body["messages"][-1]["content"]
                 and "was not usable" not in body["messages"][-1]["content"])
    article_tokens = count(result.article.text)
    return {
        "article": name, "chunks": chunks, "calls": result.usage.calls + result.usage.failed_calls,
        "reasks": result.usage.reasks,
        "prompt_tokens": result.usage.prompt_tokens, "article_tokens": article_tokens,
        "over_prefix": (result.usage.prompt_tokens - len(server.requests) * prefix_tokens) / max(1, article_tokens),
        "emitted": len(result.facts()), "rejected": len(result.rejected),
        "reasons": [r.reason for r in result.rejected],
        "rejections": [(r.reason, r.attempts) for r in result.rejected],
        "first_over_prefix": (count(server.prompt(0)) - prefix_tokens) / max(1, article_tokens),
        "per_call_over_prefix": max((count(server.prompt(i)) - prefix_tokens) / max(1, article_tokens)
                                    for i in range(len(server.requests))),
        # the engine's token estimate against the tokenizer, on the article and on each prompt past the prefix
        "estimate_error": [estimate_tokens(t) / max(1, count(t)) for t in
                           [result.article.text] + [server.prompt(i)[len(load_prompt("direct")):]
                                                    for i in range(len(server.requests))]],
    }


def table(rows: list[dict]) -> list[str]:
    lines = ["| article | chunks | calls | re-asks | prompt tok | article tok | (prompt - calls x prefix) / article "
             "| fields emitted | rejected |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['article']} | {r['chunks']} | {r['calls']} | {r['reasks']} | {r['prompt_tokens']} | "
                     f"{r['article_tokens']} | {r['over_prefix']:.2f} | {r['emitted']} | {r['rejected']} |")
    return lines


def first_call_ratio(rows: list[dict]) -> str:
    ratios = [r["first_over_prefix"] for r in rows]
    return f"mean {statistics.mean(ratios):.2f}, max {max(ratios):.2f} ({len(ratios)} articles)"


def per_call_ratio(rows: list[dict]) -> str:
    ratios = [r["per_call_over_prefix"] for r in rows]
    return f"max {max(ratios):.2f} ({len(ratios)} articles)"


def totals(rows: list[dict]) -> str:
    calls = statistics.mean(r["calls"] for r in rows)
    worst = max(r["calls"] / r["chunks"] for r in rows)
    ratio = max(r["over_prefix"] for r in rows)
    one_call = sum(1 for r in rows if r["reasks"] == 0)
    return (f"{len(rows)} articles: **{calls:.2f} calls per article** on average (re-asks included; "
            f"{one_call} of {len(rows)} in one call per chunk); at most {worst:.0f} calls per chunk; "
            f"(prompt - calls x prefix) / article tokens: mean "
            f"{statistics.mean(r['over_prefix'] for r in rows):.2f}, max {ratio:.2f}.")


REASON_KINDS = [
    ("role (agent/patient) does not hold", ("is the agent of", "is the patient of", "neither the subject", "source of the report", "not in the sentence of")),
    ("unit or attachment of a number", ("counts ", "belongs to", "no event trigger governs")),
    ("figure's attribution missing or different", ("attributes this figure",)),
    ("number or qualifier differs from the quote", ("the quote says", "no counted number")),
    ("quote, name or date not in the sentence", ("is not in the sentence", "not in the article", "not a word of the quote", "is not a date", "not a place name", "not in the event's sentence")),
    ("status or type", ("hedged", "has no word for", "does not name", "do not fit", "not a statement verb")),
    ("claim speaker", ("speaker",)),
    ("summary sentence", ("attributed to", "loaded wording", "qualifier of", "not in its evidence")),
]


def reason_counts(rows: list[dict]) -> list[str]:
    # kind -> [re-asked, not re-asked: over the budget, not re-asked: a reading, never re-askable]
    counts: dict[str, list[int]] = {}
    for reason, attempts in (r for row in rows for r in row["rejections"]):
        kind = next((k for k, cues in REASON_KINDS if any(c in reason for c in cues)), "other")
        column = (0 if attempts == 2 else 1 if "over the re-ask token budget" in reason else
                  2 if "syntax otherwise" in reason else 3)
        counts.setdefault(kind, [0, 0, 0, 0])[column] += 1
    lines = ["| reason | fields | re-asked | not re-asked: over the budget | not re-asked: a reading earns no call "
             "| never re-asked (hedged, planted, ...) |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {kind} | {sum(n)} | {n[0]} | {n[1]} | {n[2]} | {n[3]} |"
              for kind, n in sorted(counts.items(), key=lambda item: -sum(item[1]))]
    return lines


def estimate_error(rows: list[dict]) -> str:
    article = [r["estimate_error"][0] for r in rows]
    prompts = [e for r in rows for e in r["estimate_error"][1:]]
    return (f"articles {min(article):.2f}-{max(article):.2f} (mean {statistics.mean(article):.2f}), prompts past "
            f"the prefix {min(prompts):.2f}-{max(prompts):.2f} (mean {statistics.mean(prompts):.2f})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    count = gemma_tokenizer()
    prefix_tokens = count(load_prompt("direct"))

    fixtures = sorted(p for folder in FIXTURES for p in folder.glob("*.txt"))
    rows: dict[str, list[dict]] = {"gold": [], "gold_raw": [], "guided": [], "guided_raw": [],
                                   "examples": [], "corpus": [], "corpus_raw": [], "gold_unbudgeted": [],
                                   "guided_unbudgeted": [], "corpus_unbudgeted": []}
    unbudgeted = {"direct_prompt_ratio": 1000.0}  # the re-ask policy alone, no token budget
    for path in fixtures:
        raw = path.read_bytes()
        text = ingest(raw).text
        gold = gold_answer(json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8")), text)
        guided = guided_answer(raw)
        rows["gold"].append(measure(path.stem, raw, following_the_contract(gold, text), count, prefix_tokens))
        rows["gold_raw"].append(measure(path.stem, raw, gold, count, prefix_tokens))
        rows["guided"].append(measure(path.stem, raw, following_the_contract(guided, text), count, prefix_tokens))
        rows["guided_raw"].append(measure(path.stem, raw, guided, count, prefix_tokens))
        rows["gold_unbudgeted"].append(measure(path.stem, raw, following_the_contract(gold, text), count,
                                               prefix_tokens, **unbudgeted))
        rows["guided_unbudgeted"].append(measure(path.stem, raw, following_the_contract(guided, text), count,
                                                 prefix_tokens, **unbudgeted))
    for path in sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html")):
        raw = path.read_bytes()
        facts = following_the_contract(guided_answer(raw), ingest(raw).text)
        rows["examples"].append(measure(path.name, raw, facts, count, prefix_tokens))
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_bytes()
        guided = guided_answer(raw)
        rows["corpus"].append(measure(path.name, raw, following_the_contract(guided, ingest(raw).text), count,
                                      prefix_tokens))
        rows["corpus_raw"].append(measure(path.name, raw, guided, count, prefix_tokens))
        rows["corpus_unbudgeted"].append(measure(path.name, raw, following_the_contract(guided, ingest(raw).text),
                                                 count, prefix_tokens, **unbudgeted))
    gold_rows, corpus_rows = rows["gold"], rows["corpus"]
    budgeted = [r for key in ("gold", "gold_raw", "guided", "guided_raw", "examples", "corpus", "corpus_raw")
                for r in rows[key]]

    lines = [
        "",
        "## Direct engine: calls and prompt tokens per article (issue 8)",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Command: `.venv/bin/python bench/direct_bench.py`. The direct engine "
        "through the pipeline against a scripted OpenAI-compatible endpoint (no model computes; see the docstring "
        "of bench/direct_bench.py): it answers each chunk with the facts of a capable model, `gold` (the labelled "
        "facts) or `guided` (the guided engine's verified facts), and answers a re-ask with nothing. Tokens: the "
        f"Gemma 3 tokenizer on the message text; fixed prefix (prompts/v2/direct.txt) = {prefix_tokens} tokens, "
        "sent once per call. Default chunk budget 3000 tokens; default re-ask budget `direct_prompt_ratio` = "
        f"{Settings().direct_prompt_ratio} (the engine estimates tokens with `estimate_tokens`; its estimate / "
        f"the Gemma 3 count: {estimate_error(budgeted)}).",
        "",
        "Whole-article (prompt - calls x prefix) / article tokens, Gemma 3 count, every article and answer kind "
        f"below at the default budget: max {max(r['over_prefix'] for r in budgeted):.2f} "
        f"({len(budgeted)} runs); among the runs with a re-ask: max "
        f"{max((r['over_prefix'] for r in budgeted if r['reasks']), default=0):.2f} "
        f"({sum(1 for r in budgeted if r['reasks'])} runs); the first call alone: max "
        f"{max(r['first_over_prefix'] for r in budgeted):.2f} (its numbering and task line are a fixed cost that "
        "weighs most on the shortest articles).",
        "",
        "Answers that follow the prompt's rules (sub-facts copied from the event's own sentence; see "
        "`following_the_contract`), default settings:",
        "",
        f"- Fixtures (bench/labelled + bench/heldout), gold answers: {totals(rows['gold'])}",
        f"- Fixtures, guided answers: {totals(rows['guided'])}",
        f"- examples/, guided answers: {totals(rows['examples'])}",
        f"- ../shared/corpus, guided answers: {totals(rows['corpus']) if rows['corpus'] else 'corpus not found'}",
        "",
        "The same facts sent as they are (names, dates, numbers from any sentence of a multi-sentence event, "
        "which the direct engine refuses since it checks each against its event's sentence):",
        "",
        f"- Fixtures, gold answers: {totals(rows['gold_raw'])}",
        f"- Fixtures, guided answers: {totals(rows['guided_raw'])}",
        f"- ../shared/corpus, guided answers: {totals(rows['corpus_raw']) if rows['corpus_raw'] else '-'}",
        "",
        "The re-ask policy alone, token budget lifted (`direct_prompt_ratio=1000`), answers following the rules:",
        "",
        f"- Fixtures, gold answers: {totals(rows['gold_unbudgeted'])}",
        f"- Fixtures, guided answers: {totals(rows['guided_unbudgeted'])}",
        f"- ../shared/corpus, guided answers: "
        f"{totals(rows['corpus_unbudgeted']) if rows['corpus_unbudgeted'] else '-'}",
        "",
        "First-call prompts alone: (prompt - prefix) / article tokens = "
        f"{first_call_ratio(rows['gold'] + rows['corpus'])}. Any one call, re-asks included: (prompt - prefix) / "
        f"article tokens {per_call_ratio(rows['gold'] + rows['gold_raw'] + rows['guided'] + rows['corpus'])}.",
        "",
        "Why fields were rejected, and whether they were re-asked, gold answers following the rules, fixtures, "
        "default settings:",
        "",
        *reason_counts(gold_rows),
        "",
        "The same, token budget lifted:",
        "",
        *reason_counts(rows["gold_unbudgeted"]),
        "",
        "### ../shared/corpus (guided answers)",
        "",
        *table(corpus_rows),
        "",
        "### Fixtures (gold answers)",
        "",
        *table(gold_rows),
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as handle:
            handle.write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
