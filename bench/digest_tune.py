"""Tune the grouping's pair-score weights and threshold on the labelled fixture (B-cubed F1).

    .venv/bin/python bench/digest_tune.py

Reads the fixture's precomputed results (tests/fixtures/digest/results, made by
bench/digest_fixture_results.py) and gold labels (gold.json). Prints the pair scores
under the current defaults, then a grid search: for each weight setting, the range of
thresholds that reach the best F1. The chosen defaults sit in the middle of the widest
such range, so that they do not rest on one lucky cut.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.digest.grouping import (  # noqa: E402
    DEFAULT_PARAMS, bcubed, candidate_pairs, cluster, features_of, find_reprints, pair_score)
from summarize.models import SummaryResult  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "digest"


def load():
    gold = {k: v for k, v in json.loads((FIXTURE / "gold.json").read_text()).items() if not k.startswith("_")}
    results = {}
    for name in gold:
        path = FIXTURE / "results" / (Path(name).stem + ".json")
        results[name] = SummaryResult.model_validate_json(path.read_text())
    return gold, results


def clusters_with_reprints(names, results, params):
    features = [features_of(name, results[name]) for name in names]
    rank = {f.id: (results[f.id].article.published, len(results[f.id].article.text), f.id) for f in features}
    reprints = find_reprints(features, rank, params)
    heads = [f for f in features if f.id not in reprints]
    clusters = cluster(heads, params)
    for reprint, (head, _) in reprints.items():
        next(c for c in clusters if head in c).append(reprint)
    return clusters, heads


def main() -> None:
    gold, results = load()
    names = sorted(gold)
    clusters, heads = clusters_with_reprints(names, results, DEFAULT_PARAMS)
    print("defaults:", DEFAULT_PARAMS)
    print("B-cubed P/R/F1 = %.3f / %.3f / %.3f" % bcubed(clusters, gold))
    print("\npair scores (defaults), same-story pairs marked *:")
    for i, j, cosine in candidate_pairs(heads, DEFAULT_PARAMS):
        a, b = heads[i], heads[j]
        score = pair_score(a, b, cosine, DEFAULT_PARAMS)
        if score >= 0.15 or gold[a.id] == gold[b.id]:
            print(f"  {'*' if gold[a.id] == gold[b.id] else ' '} {score:.3f} cos={cosine:.3f} {a.id} ~ {b.id}")

    print("\ngrid search:")
    grid = {
        "w_text": [0.4, 0.5, 0.6, 0.7],
        "w_names": [0.0, 0.1, 0.2],
        "w_numbers": [0.0, 0.1, 0.2],
        "w_time": [0.0, 0.1, 0.2],
        "w_figures_disagree": [0.0, 0.2, 0.4],
    }
    thresholds = [round(0.10 + 0.01 * k, 2) for k in range(41)]
    features = [features_of(name, results[name]) for name in names]
    rank = {f.id: (results[f.id].article.published, len(results[f.id].article.text), f.id) for f in features}
    reprints = find_reprints(features, rank, DEFAULT_PARAMS)
    heads = [f for f in features if f.id not in reprints]
    pairs = candidate_pairs(heads, DEFAULT_PARAMS)
    best = []
    for values in itertools.product(*grid.values()):
        params = replace(DEFAULT_PARAMS, **dict(zip(grid, values)))
        reached = []
        for threshold in thresholds:
            clusters = cluster(heads, replace(params, threshold=threshold), pairs)
            for reprint, (head, _) in reprints.items():
                next(c for c in clusters if head in c).append(reprint)
            reached.append((bcubed(clusters, gold)[2], threshold))
        top = max(f for f, _ in reached)
        width = [t for f, t in reached if f == top]
        best.append((top, len(width), dict(zip(grid, values)), width[0], width[-1]))
    best.sort(key=lambda item: (-item[0], -item[1]))
    chosen = {key: getattr(DEFAULT_PARAMS, key) for key in grid}
    for top, width, weights, low, high in best:
        if weights == chosen:
            print(f"  the defaults' weights: F1={top:.3f} over thresholds {low:.2f}-{high:.2f} ({width} steps)")
    for top, width, weights, low, high in best[:10]:
        print(f"  F1={top:.3f} over thresholds {low:.2f}-{high:.2f} ({width} steps): {weights}")


if __name__ == "__main__":
    main()
