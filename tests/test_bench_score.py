"""bench/score.py on tiny hand-written gold and predictions (no model, no files)."""

from __future__ import annotations

from typing import Any

from bench.score import Report, name_matches, norm, score

SENTENCED = "Judge Petra Holm on Tuesday sentenced former mayor Ilse Varga to six years in prison."


def _gold() -> dict[str, dict[str, Any]]:
    return {
        "courts_01": {
            "id": "courts_01", "genre": "courts", "published": "2025-05-14",
            "events": [
                {"what": ["sentenced"], "mentions": ["sentenced former mayor Ilse Varga"], "main": True,
                 "optional": False, "status": "occurred", "event_type": None, "sub_type": None,
                 "who": [["Judge Petra Holm", "Petra Holm", "Holm"]],
                 "whom": [["Ilse Varga", "former mayor Ilse Varga", "Varga"]],
                 "when": ["Tuesday", "on Tuesday"], "where": ["Brekka"],
                 "quantities": [{"value": 6, "unit": "other", "qualifier": "exact", "attribution": None,
                                 "text": "six years"}]},
                {"what": ["fined"], "mentions": ["fined the council 40,000 crowns"], "main": False,
                 "optional": False, "status": "occurred", "event_type": None, "sub_type": None,
                 "who": [], "whom": [["the council", "council"]], "when": [], "where": [],
                 "quantities": [{"value": 40000, "unit": "money", "qualifier": "exact",
                                 "attribution": ["prosecutors"], "text": "40,000 crowns"}]},
                {"what": ["elected"], "mentions": ["was elected mayor in 2019"], "main": False,
                 "optional": True, "status": "occurred", "event_type": None, "sub_type": None,
                 "who": [], "whom": [["Varga"]], "when": ["2019"], "where": [], "quantities": []},
            ],
            "claims": [{"speaker": ["her lawyer, Tom Eklund", "Tom Eklund", "Eklund"], "contains": "would appeal"}],
        },
        "none_01": {"id": "none_01", "genre": "opinion", "published": "2025-05-14", "events": [], "claims": []},
    }


def _event(trigger: str, quote: str, start: int, **fields: Any) -> dict[str, Any]:
    return {"trigger": trigger, "status": "occurred", "event_type": None, "sub_type": None,
            "evidence": [{"quote": quote, "start": start, "end": start + len(quote)}],
            "actors": [], "date": None, "location": None, "quantities": [], **fields}


def _predictions() -> dict[str, dict[str, Any]]:
    main = _event(
        "sentenced", SENTENCED, 0, main=True,
        actors=[{"name": "Judge Petra Holm", "role": "initiator"},  # TP
                {"name": "Varga's lawyer Tom Eklund", "role": "initiator"},  # FP actor
                {"name": "Ilse Varga", "role": "target"}],  # TP
        date={"text": "on Tuesday"}, location={"place": "Brekka"},
        quantities=[{"value": 6, "min": None, "max": None, "unit": "other", "qualifier": "exact", "attribution": None},
                    # the fine's amount, put on the sentencing: wrong event
                    {"value": 40000, "min": None, "max": None, "unit": "money", "qualifier": "exact",
                     "attribution": "prosecutors"}])
    duplicate = _event("Sentenced", SENTENCED, 0, main=False, actors=[{"name": "Holm", "role": "initiator"}])
    optional = _event("elected", "Varga was elected mayor in 2019.", 200, main=False)
    return {
        "courts_01": {
            "events": [main, duplicate, optional],
            "claims": [{"speaker": "Tom Eklund", "text": "Her lawyer, Tom Eklund, said she would appeal."}],
        },
        "none_01": {"events": [_event("wrote", "He wrote that the city needs more parks.", 0,
                                      sub_type="peaceful_protest")], "claims": []},
    }


def _counts(report: Report, kind: str) -> tuple[int, int, int, int]:
    k = report.kinds[kind]
    return k.tp, k.fp, k.found, k.fn


def test_counts_per_kind() -> None:
    report = score(_gold(), _predictions())
    assert _counts(report, "event") == (2, 2, 1, 1)  # main + optional; duplicate + none_ event; fine missed
    assert _counts(report, "who") == (1, 2, 1, 0)  # Eklund is not the judge; the duplicate's actor is FP
    assert _counts(report, "whom") == (1, 0, 1, 1)  # the council (fine) missed
    assert _counts(report, "when") == (1, 0, 1, 0)
    assert _counts(report, "where") == (1, 0, 1, 0)
    assert _counts(report, "status") == (2, 2, 1, 1)
    assert _counts(report, "type") == (0, 1, 0, 0)  # typed event in the none_ article
    assert _counts(report, "quantity") == (1, 1, 1, 1)  # 40,000 on the wrong event
    assert _counts(report, "attribution") == (0, 0, 0, 1)  # not counted on an FP quantity
    assert _counts(report, "claim") == (1, 0, 1, 0)
    overall = report.overall
    assert (overall.tp, overall.fp, overall.found, overall.fn) == (10, 8, 8, 5)
    assert overall.precision == 10 / 18 and overall.recall == 8 / 13


def test_article_figures_and_errors() -> None:
    report = score(_gold(), _predictions())
    assert (report.articles_with_events, report.articles_event_found) == (1, 1)
    assert (report.articles_with_main, report.articles_main_found) == (1, 1)
    assert (report.none_articles, report.none_articles_with_events) == (1, 1)
    reasons = {(e.outcome, e.kind, e.value): e.reason for e in report.errors}
    assert reasons[("FP", "event", "Sentenced")].startswith("duplicate")
    assert reasons[("FP", "quantity", "exact 40000 money")] == "belongs to gold event 'fined'"
    assert ("FN", "event", "gold event 'fined'") in reasons
    assert len([e for e in report.errors if e.outcome == "FP"]) == 8
    assert len([e for e in report.errors if e.outcome == "FN"]) == 5
    table = report.markdown_table().splitlines()
    assert len(table) == 2 + 10 + 1 and table[-1].startswith("| **overall** | 55.6% | 61.5% | 10 | 8 | 5 |")


def test_main_defaults_to_first_event_and_missing_prediction() -> None:
    predictions = _predictions()
    events = predictions["courts_01"]["events"]
    for event in events:
        del event["main"]
    events.insert(0, events.pop())  # old results: first event is main, here the optional one
    report = score(_gold(), predictions)
    assert (report.articles_main_found, report.kinds["event"].tp) == (0, 2)
    empty = score(_gold(), {})
    assert _counts(empty, "event") == (0, 0, 0, 2) and empty.none_articles_with_events == 0


def test_type_counted_only_when_specific() -> None:
    gold = {"a": {"events": [{"what": ["arrested"], "mentions": ["arrested two men"], "main": True,
                              "optional": False, "status": "occurred", "sub_type": "arrest",
                              "who": [], "whom": [], "when": [], "where": [], "quantities": []}], "claims": []}}
    for sub_type, expected in (("arrest", (1, 0, 1, 0)), ("peaceful_protest", (0, 1, 0, 1)),
                               ("other", (0, 0, 0, 1)), (None, (0, 0, 0, 1))):
        pred = {"a": {"events": [_event("arrested", "Police arrested two men on Friday.", 0, sub_type=sub_type)]}}
        assert _counts(score(gold, pred), "type") == expected, sub_type


def test_norm_and_name_matching() -> None:
    assert norm("  The Council\u2019s ") == "council"
    assert norm("\u201cBrekka,\u201d") == "brekka"
    assert name_matches("Judge Petra Holm", ["Petra Holm"])
    assert name_matches("the mayor's", ["Mayor"])
    assert not name_matches("Holmberg", ["Holm"])
    assert not name_matches("the former mayor of the town of Brekka", ["Brekka"])  # 6 extra words
