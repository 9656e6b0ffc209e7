"""The cases of make_fixtures.py: seeded random ones (numpy's default_rng, several sizes and label
counts) and hand-made ones (perfect, all wrong, a label never predicted, one class only, missing
decisions, an ordinal scale, multi-label sets). Only inputs here; the expected numbers are computed
by make_fixtures.py with scikit-learn, statsmodels and numpy.
"""
import numpy as np


def mulberry32(seed):
    """main/core/seeded-random.ts's mulberry32, bit for bit (32-bit unsigned arithmetic)."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    return nxt


def noisy(rng, truth, labels, accuracy):
    """A prediction that keeps the truth with probability `accuracy`, else a uniformly random label."""
    return [t if rng.random() < accuracy else labels[rng.integers(len(labels))] for t in truth]


def random_single(seed, n, k, accuracy, weights=None):
    rng = np.random.default_rng(seed)
    labels = [f"label_{i}" for i in range(k)]
    truth = [labels[i] for i in rng.choice(k, size=n, p=weights)]
    return labels, truth, noisy(rng, truth, labels, accuracy)


def single_label_cases():
    cases = []
    for seed, n, k, acc in [(1, 30, 3, 0.7), (2, 200, 5, 0.6), (3, 1000, 4, 0.8), (4, 57, 2, 0.75), (5, 400, 8, 0.5)]:
        labels, truth, pred = random_single(seed, n, k, acc)
        cases.append({"name": f"random seed {seed}, n={n}, {k} labels", "labels": labels, "truth": truth, "prediction": pred, "ordered": False})
    labels = ["economy", "health", "migration"]
    base = ["economy", "health", "migration", "economy", "health", "economy", "migration", "economy"]
    cases.append({"name": "perfect", "labels": labels, "truth": base, "prediction": list(base), "ordered": False})
    shifted = [labels[(labels.index(t) + 1) % 3] for t in base]
    cases.append({"name": "all wrong", "labels": labels, "truth": base, "prediction": shifted, "ordered": False})
    never = ["economy", "health", "economy", "economy", "health", "economy", "health", "economy"]
    cases.append({"name": "one label never predicted (migration)", "labels": labels, "truth": base, "prediction": never, "ordered": False})
    cases.append({"name": "one class only, both sides", "labels": ["yes", "no"], "truth": ["yes"] * 6, "prediction": ["yes"] * 6, "ordered": False})
    cases.append({"name": "one class only in the truth", "labels": ["yes", "no"], "truth": ["yes"] * 6,
                  "prediction": ["yes", "no", "yes", "yes", "no", "yes"], "ordered": False})
    cases.append({"name": "a label neither true nor predicted", "labels": ["a", "b", "c", "d"],
                  "truth": ["a", "b", "a", "c", "b", "a"], "prediction": ["a", "b", "b", "c", "a", "a"], "ordered": False})
    cases.append({"name": "missing decisions (None: no human label or no prediction; dropped)", "labels": labels,
                  "truth": ["economy", None, "health", "migration", None, "economy", "health", "migration", "economy", None],
                  "prediction": ["economy", "health", None, "migration", None, "health", "health", None, "economy", "migration"],
                  "ordered": False})
    rng = np.random.default_rng(11)
    scale = ["1 strongly disagree", "2", "3", "4", "5 strongly agree"]
    truth = [int(v) for v in rng.integers(0, 5, size=120)]
    pred = [int(min(4, max(0, t + rng.choice([-2, -1, 0, 0, 0, 1, 1])))) for t in truth]
    cases.append({"name": "ordinal 5-point scale", "labels": scale, "truth": [scale[t] for t in truth], "prediction": [scale[p] for p in pred], "ordered": True})
    cases.append({"name": "ordinal hand-made", "labels": ["low", "mid", "high"], "ordered": True,
                  "truth": ["low", "low", "mid", "mid", "high", "high", "mid", "low", "high", "mid"],
                  "prediction": ["low", "mid", "mid", "high", "high", "mid", "low", "low", "low", "mid"]})
    return cases


def multilabel_cases():
    cases = []
    for seed, n, k in [(21, 100, 4), (22, 40, 6), (23, 300, 3)]:
        rng = np.random.default_rng(seed)
        labels = [f"topic_{i}" for i in range(k)]
        truth, pred = [], []
        for _ in range(n):
            t = [lab for lab in labels if rng.random() < 0.35]
            p = [lab for lab in labels if (rng.random() < 0.8) == (lab in t)]
            truth.append(t)
            pred.append(p)
        cases.append({"name": f"random seed {seed}, n={n}, {k} labels", "labels": labels, "truth": truth, "prediction": pred})
    labels = ["economy", "health", "migration"]
    cases.append({"name": "hand-made: empty sets, a label never predicted, missing decisions", "labels": labels,
                  "truth": [["economy"], ["economy", "health"], [], ["migration"], None, ["health"], ["economy", "migration"], ["health"]],
                  "prediction": [["economy"], ["economy"], [], [], ["health"], None, ["economy"], ["health", "economy"]]})
    cases.append({"name": "hand-made: perfect", "labels": labels, "truth": [["economy"], [], ["health", "migration"]],
                  "prediction": [["economy"], [], ["migration", "health"]]})
    return cases


def calibration_cases():
    cases = []
    for seed, n, bins in [(31, 500, 10), (32, 2000, 15), (33, 60, 10)]:
        rng = np.random.default_rng(seed)
        conf = rng.uniform(1 / 3, 1.0, size=n)
        correct = rng.random(n) < conf ** 1.4  # overconfident model
        cases.append({"name": f"random seed {seed}, n={n}", "bins": bins, "histogramBins": 20, "sklearn": True,
                      "confidence": [float(c) for c in conf], "correct": [bool(c) for c in correct]})
    cases.append({"name": "hand-made, values on bin edges", "bins": 10, "histogramBins": 4, "sklearn": True,
                  "confidence": [0.0, 0.1, 0.25, 0.5, 0.5, 0.55, 0.9, 0.95, 1.0, 1.0, 0.7, 0.05],
                  "correct": [False, False, True, True, False, True, True, True, True, False, True, False]})
    # Values one ulp above an edge m/M (m * (1/M) in floating point), where ceil(x * M) alone errs.
    for bins in (11, 20):
        near = [m * (1 / bins) for m in range(bins + 1)] + [m / bins for m in range(bins + 1)]
        cases.append({"name": f"hand-made, values at and just above the edges of {bins} bins", "bins": bins, "histogramBins": bins,
                      "sklearn": True, "confidence": near, "correct": [i % 3 == 0 for i in range(len(near))]})
    return cases


def bootstrap_cases():
    labels, truth, pred = random_single(41, 80, 3, 0.7)
    cases = [{"name": "random seed 41, n=80, 3 labels", "labels": labels, "truth": truth, "prediction": pred,
              "seed": 42, "replicates": 300, "confidence": 0.95}]
    labels, truth, pred = random_single(43, 12, 3, 0.6, weights=[0.75, 0.2, 0.05])
    cases.append({"name": "small and unbalanced (undefined replicates), n=12", "labels": labels, "truth": truth, "prediction": pred,
                  "seed": 7, "replicates": 400, "confidence": 0.9})
    return cases


def ppi_cases():
    cases = []
    for seed, N, n in [(51, 5000, 300), (52, 20000, 500), (53, 800, 40)]:
        rng = np.random.default_rng(seed)
        labels = ["economy", "health", "migration"]
        truth = rng.choice(3, size=N, p=[0.5, 0.3, 0.2])
        confusion = np.array([[0.8, 0.15, 0.05], [0.2, 0.7, 0.1], [0.1, 0.3, 0.6]])  # label-dependent errors
        model = np.array([rng.choice(3, p=confusion[t]) for t in truth])
        sample = rng.choice(N, size=n, replace=False)
        cases.append({"name": f"seed {seed}, N={N}, n={n}", "labels": labels, "corpusN": N, "confidence": 0.95,
                      "corpusCounts": {lab: int(np.sum(model == i)) for i, lab in enumerate(labels)},
                      "sampleModel": [labels[model[i]] for i in sample], "sampleHuman": [labels[truth[i]] for i in sample]})
    return cases


def multilabel_bootstrap_cases():
    rng = np.random.default_rng(24)
    labels = ["economy", "health", "migration", "rare"]
    rates = [0.5, 0.3, 0.2, 0.03]
    truth, pred = [], []
    for d in range(60):
        t = [lab for lab, r in zip(labels, rates) if rng.random() < r]
        p = [lab for lab in labels if (rng.random() < 0.8) == (lab in t)]
        truth.append(None if d % 17 == 5 else t)  # a few documents without a human decision: dropped
        pred.append(p)
    return [{"name": "random seed 24, n=60 (56 kept), 4 labels, one rare", "labels": labels, "truth": truth, "prediction": pred,
             "seed": 5, "replicates": 300, "confidence": 0.95}]
