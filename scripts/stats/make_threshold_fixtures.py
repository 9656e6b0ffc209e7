#!/usr/bin/python3
"""Independent reference numbers for Prelabel's per-label thresholds (main/core/thresholds/pr-curve.ts).

Nothing here comes from the code under test: scikit-learn 1.2's precision_recall_curve and
average_precision_score on seeded cases (numpy's generator: scores with many ties, continuous scores,
a separable label, a label the scores rank backwards), and the F1-optimal threshold found by brute
force over every distinct score (F1 of "score >= t" counted directly).

    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 scripts/stats/make_threshold_fixtures.py

Writes main/core/thresholds/__fixtures__/threshold-fixtures.json (checked by pr-curve.test.ts).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve

rng = np.random.default_rng(20261207)


def case(name, scores, truth):
    scores = [float(s) for s in scores]
    truth = [bool(t) for t in truth]
    y = np.array(truth, dtype=int)
    s = np.array(scores)
    precision, recall, thresholds = precision_recall_curve(y, s)
    # sklearn lists thresholds ascending with an extra end point (precision 1, recall 0): drop it
    # and list from the highest threshold down, as Prelabel does.
    points = [
        {"threshold": float(t), "precision": float(p), "recall": float(r)}
        for p, r, t in zip(precision[:-1], recall[:-1], thresholds)
    ][::-1]
    best_f1, best_t = -1.0, None
    for t in sorted(set(scores), reverse=True):
        pred = s >= t
        tp = int(np.sum(pred & (y == 1)))
        fp = int(np.sum(pred & (y == 0)))
        fn = int(np.sum(~pred & (y == 1)))
        f1 = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
        if f1 > best_f1:  # strict: ties keep the higher threshold
            best_f1, best_t = f1, t
    return {
        "name": name,
        "scores": scores,
        "truth": truth,
        "points": points,
        "averagePrecision": float(average_precision_score(y, s)),
        "bestF1": best_f1,
        "bestF1Threshold": best_t,
    }


cases = []
n = 300
truth = rng.random(n) < 0.3
cases.append(case("ties (scores rounded to 0.05)", np.round(np.clip(0.35 * truth + rng.random(n) * 0.7, 0, 1), 2) // 0.05 * 0.05, truth))
truth = rng.random(n) < 0.2
z = rng.normal(1.2 * truth, 1.0)
cases.append(case("continuous (logistic of a normal shift)", 1 / (1 + np.exp(-(z - 1.5))), truth))
truth = rng.random(60) < 0.5
cases.append(case("separable, all below 0.5", np.where(truth, 0.2 + 0.2 * rng.random(60), 0.15 * rng.random(60)), truth))
truth = rng.random(80) < 0.4
cases.append(case("ranked backwards", np.where(truth, 0.4 * rng.random(80), 0.5 + 0.5 * rng.random(80)), truth))
truth = rng.random(25) < 0.1
truth[0] = True
cases.append(case("rare label, few documents", np.round(rng.random(25), 3), truth))

out = {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "main", "core", "thresholds", "__fixtures__", "threshold-fixtures.json")
with open(path, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote", os.path.normpath(path), len(cases), "cases")
