"""The digest on its labelled fixture: grouping (B-cubed), reprints, linked events, merged figures.

The fixture (tests/fixtures/digest/articles) is fictional news written for this project:
16 articles from five outlets over two days (and two undated ones), with gold story
labels in gold.json. The model's answers for them were computed once by the embedded
model (bench/digest_fixture_results.py) and are injected through the `summarizer`
seam of `build_digest`, so these tests are fast and deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarize.article.ingest import ingest
from summarize.digest import build_digest
from summarize.digest.grouping import bcubed
from summarize.digest.runner import Job
from summarize.digest.store import Identity
from summarize.models import SummaryResult

FIXTURE = Path(__file__).parent / "fixtures" / "digest"
ARTICLES = FIXTURE / "articles"
GOLD = {k: v for k, v in json.loads((FIXTURE / "gold.json").read_text()).items() if not k.startswith("_")}


class Precomputed:
    """A summarizer that answers from the fixture's precomputed results and counts its calls."""

    identity = Identity(engine="guided", model="precomputed-embedded", prompt_version="fixture", schema_version="1")
    concurrent = False

    def __init__(self, fail: set[str] | None = None) -> None:
        self.by_sha = {}
        for path in (FIXTURE / "results").glob("*.json"):
            result = SummaryResult.model_validate_json(path.read_text(encoding="utf-8"))
            self.by_sha[result.article.sha256] = result
        self.calls: list[str] = []
        self.fail = fail or set()

    def __call__(self, job: Job) -> SummaryResult:
        from summarize.errors import ModelError

        self.calls.append(Path(job.name).name)
        if Path(job.name).name in self.fail:
            raise ModelError("the model server answered HTTP 500")
        sha = ingest(job.raw, published=job.published, source=job.source).sha256
        if sha not in self.by_sha:
            raise AssertionError(f"no precomputed result for {job.name}: run bench/digest_fixture_results.py")
        return self.by_sha[sha]


def predicted_stories(digest) -> list[list[str]]:
    stories = []
    for story in digest.stories:
        members = []
        for article in story.articles:
            members.append(Path(article.input).name)
            members += [Path(reprint.input).name for reprint in article.reprints]
        stories.append(members)
    return stories


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("digest")
    summarizer = Precomputed()
    run = build_digest([ARTICLES], out / "out", store_path=out / "store.sqlite3", summarizer=summarizer)
    return run, summarizer


def story_of(run, file_name: str):
    return next(s for s in run.digest.stories
                if any(Path(a.input).name == file_name or any(Path(r.input).name == file_name for r in a.reprints)
                       for a in s.articles))


def test_grouping_bcubed_on_the_fixture(fixture_run):
    run, _ = fixture_run
    precision, recall, f1 = bcubed(predicted_stories(run.digest), GOLD)
    print(f"B-cubed on the digest fixture: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")
    assert sorted(name for story in predicted_stories(run.digest) for name in story) == sorted(GOLD)
    assert f1 >= 0.9


def test_bcubed_scores_known_clusterings():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert bcubed([["a", "b"], ["c", "d"]], gold) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed([["a", "b", "c", "d"]], gold)
    assert (precision, recall) == (0.5, 1.0)
    precision, recall, _ = bcubed([["a"], ["b"], ["c"], ["d"]], gold)
    assert (precision, recall) == (1.0, 0.5)


def test_articles_that_share_words_but_not_an_event_stay_apart(fixture_run):
    run, _ = fixture_run
    for lone in ("halden_factory_strike.txt", "tarsk_river_festival.txt", "orvale_fuel_tax_debate.txt"):
        assert predicted_stories(run.digest)[run.digest.stories.index(story_of(run, lone))] == [lone]
    assert story_of(run, "dunmore_strikes_harbour_wire.txt") is not story_of(run, "varno_northern_post.txt")


def test_a_wire_reprint_is_one_source_entry_that_records_it(fixture_run):
    run, _ = fixture_run
    story = story_of(run, "varno_harbour_wire.txt")
    wire = next(a for a in story.articles if Path(a.input).name == "varno_harbour_wire.txt")
    assert [Path(r.input).name for r in wire.reprints] == ["varno_valley_gazette.txt"]
    assert wire.reprints[0].similarity >= 0.7
    # A reprint is not independent corroboration: it backs no assertion of its own.
    reprint_id = wire.reprints[0].id
    cited = {a.source.article for e in story.events for m in e.measures for a in m.assertions}
    cited |= {s.article for e in story.events for f in e.facts for s in f.sources}
    assert reprint_id not in cited and wire.id in cited
    assert all(Path(a.input).name != "varno_valley_gazette.txt" for a in story.articles)


def test_the_strikes_and_the_attack_they_answered_are_two_linked_events(fixture_run):
    run, _ = fixture_run
    story = story_of(run, "varno_northern_post.txt")
    main = story.events[0]
    assert main.synopsis and all(sentence.citations for sentence in main.synopsis)
    assert main.role == "main" and {"struck", "bombed"} & set(main.triggers)
    answered = next(e for e in story.events if e.id == main.related_to)
    assert main.relation.value == "responds_to" and answered.role == "answered"
    assert "attack" in answered.triggers and answered.id != main.id
    targets = next(m for m in main.measures if m.measure == "targets")
    assert targets.status == "agree" and targets.headline == "14" and len(targets.assertions) >= 3
    injured = next(m for m in answered.measures if m.measure == "injured")
    # "more than 20" (Northern Post, Daily Ledger) and "over 20" (Harbour Wire) agree.
    assert injured.status == "agree" and injured.headline == "more than 20"
    assert {a.text for a in injured.assertions} >= {"more than 20 others", "over 20 others"}


def test_disagreeing_figures_are_a_conflict_with_every_source_and_a_conservative_headline(fixture_run):
    run, _ = fixture_run
    story = story_of(run, "tarsk_flood_northern_post.txt")
    killed = next(m for e in story.events for m in e.measures if m.measure == "killed")
    assert killed.status == "conflict"
    assert killed.headline == "at least 7 (disputed)"
    by_value = {a.value: a for a in killed.assertions}
    assert by_value[7].attribution == "city's emergency office" and by_value[7].source.outlet == "Northern Post"
    assert by_value[11].attribution == "Red Lantern rescue group" and by_value[11].source.outlet == "Coastal Herald"
    assert any(c.endswith("killed") for c in story.conflicts)


def test_every_span_in_the_digest_is_the_source_text(fixture_run):
    run, summarizer = fixture_run
    text_of = {r.article.sha256[:12]: r.article.text for r in summarizer.by_sha.values()}
    spans = []
    for story in run.digest.stories:
        assert story.synopsis and all(sentence.citations for sentence in story.synopsis)
        spans += [c for sentence in story.synopsis for c in sentence.citations]
        for event in story.events:
            spans += event.sources + [s for f in event.facts for s in f.sources]
            spans += [c for sentence in event.synopsis for c in sentence.citations]
            spans += [a.source for m in event.measures for a in m.assertions]
    assert spans
    for span in spans:
        assert text_of[span.article][span.start:span.end] == span.quote


def test_outputs_are_written_and_name_the_run(fixture_run):
    run, _ = fixture_run
    names = sorted(p.name for p in run.output_dir.iterdir())
    assert names == ["digest.html", "digest.json", "digest.md", "run-report.json"]
    report = json.loads((run.output_dir / "run-report.json").read_text())
    assert report["articles_seen"] == len(GOLD) and report["new"] == len(GOLD) and report["cached"] == 0
    assert report["status"] == "complete" and report["failed"] == []
    markdown = (run.output_dir / "digest.md").read_text()
    assert "**CONFLICT**" in markdown and "reprint" in markdown


def test_grouping_does_not_depend_on_the_order_articles_arrive_in():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from summarize.digest.grouping import cluster, features_of

    runner = Precomputed()
    features = [features_of(sha[:12], result) for sha, result in sorted(runner.by_sha.items())]
    expected = sorted(sorted(c) for c in cluster(features))

    @settings(max_examples=25, deadline=None)
    @given(st.permutations(features))
    def same_stories(order):
        assert sorted(sorted(c) for c in cluster(list(order))) == expected

    same_stories()
