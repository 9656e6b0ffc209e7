#!/usr/bin/python3
"""Independent reference numbers for Prelabel's statistics module (main/core/stats/).

Nothing here comes from the code under test. Classification and multi-label metrics come from
scikit-learn, Wilson and Wald intervals from statsmodels, normal quantiles from scipy; the ECE, the
histogram, the sample size, the bootstrap percentiles and prediction-powered inference are computed
here in numpy from the published formulas (the same formulas as the TypeScript, coded independently).

    apt-get install -y python3-sklearn python3-statsmodels python3-numpy python3-scipy
    /usr/bin/python3 scripts/stats/make_fixtures.py

Writes main/core/stats/__fixtures__/sklearn-fixtures.json (checked by sklearn-fixtures.test.ts).
Missing decisions: cases may hold None (no human label / no prediction); this script drops those
documents before calling sklearn, as the module's pairLabels does, and records how many it dropped.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy.stats import norm
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, cohen_kappa_score, confusion_matrix, f1_score, hamming_loss,
                             precision_recall_fscore_support)
from sklearn.preprocessing import MultiLabelBinarizer
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_cases import (bootstrap_cases, calibration_cases, multilabel_bootstrap_cases, multilabel_cases,  # noqa: E402
                           ppi_cases, single_label_cases, mulberry32)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "main/core/stats/__fixtures__/sklearn-fixtures.json")
# sklearn warns when kappa is 0/0 (one class only); it returns nan, which the JSON stores as null.
warnings.filterwarnings("ignore", message="invalid value encountered", category=RuntimeWarning)


def clean(x):
    """numpy -> plain JSON; nan (sklearn's undefined kappa) -> None."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if math.isnan(x) else float(x)
    return x


def prf(truth, pred, labels, average):
    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, average=average, zero_division=0)
    if average is None:
        return {"precision": p, "recall": r, "f1": f, "support": s}
    return {"precision": p, "recall": r, "f1": f}


def single_label(case):
    labels = case["labels"]
    pairs = [(t, p) for t, p in zip(case["truth"], case["prediction"]) if t is not None and p is not None]
    no_truth = sum(1 for t in case["truth"] if t is None)
    no_pred = sum(1 for t, p in zip(case["truth"], case["prediction"]) if t is not None and p is None)
    truth = [t for t, _ in pairs]
    pred = [p for _, p in pairs]
    kappa = {w or "none": cohen_kappa_score(truth, pred, labels=labels, weights=w) for w in (None, "linear", "quadratic")}
    return {**case, "expected": {
        "n": len(truth), "dropped": {"noTruth": no_truth, "noPrediction": no_pred},
        "confusion": confusion_matrix(truth, pred, labels=labels),
        "rowShares": confusion_matrix(truth, pred, labels=labels, normalize="true"),
        "accuracy": accuracy_score(truth, pred),
        "perLabel": prf(truth, pred, labels, None),
        "macro": prf(truth, pred, labels, "macro"), "weighted": prf(truth, pred, labels, "weighted"),
        "micro": prf(truth, pred, labels, "micro"),
        "kappa": kappa["none"], "kappaLinear": kappa["linear"], "kappaQuadratic": kappa["quadratic"],
    }}


def multilabel(case):
    labels = case["labels"]
    keep = [i for i, (t, p) in enumerate(zip(case["truth"], case["prediction"])) if t is not None and p is not None]
    mlb = MultiLabelBinarizer(classes=labels)
    T = mlb.fit_transform([case["truth"][i] for i in keep])
    P = mlb.transform([case["prediction"][i] for i in keep])
    out = {"n": len(keep), "perLabel": prf(T, P, None, None),
           "subsetAccuracy": accuracy_score(T, P), "hammingLoss": hamming_loss(T, P)}
    for avg in ("micro", "macro", "weighted"):
        out[avg] = prf(T, P, None, avg)
    out["f1Micro"] = f1_score(T, P, average="micro", zero_division=0)
    out["f1Macro"] = f1_score(T, P, average="macro", zero_division=0)
    return {**case, "expected": out}


def calibration(case):
    conf = np.array(case["confidence"], dtype=float)
    correct = np.array(case["correct"], dtype=bool)
    m = case["bins"]
    edges = np.linspace(0.0, 1.0, m + 1)  # numpy's edges, as sklearn's calibration_curve
    ids = np.searchsorted(edges[1:-1], conf, side="left")  # (lower, upper], 0 in the first bin
    count = np.bincount(ids, minlength=m)
    conf_sum = np.bincount(ids, weights=conf, minlength=m)
    right = np.bincount(ids, weights=correct.astype(float), minlength=m)
    nz = count > 0
    ece = float(np.sum(count[nz] / len(conf) * np.abs(right[nz] / count[nz] - conf_sum[nz] / count[nz])))
    expected = {"count": count, "meanConfidence": [c / k if k else None for c, k in zip(conf_sum, count)],
                "accuracy": [r / k if k else None for r, k in zip(right, count)], "ece": ece}
    if case.get("sklearn"):
        prob_true, prob_pred = calibration_curve(correct, conf, n_bins=m, strategy="uniform")
        expected["sklearnProbTrue"], expected["sklearnProbPred"] = prob_true, prob_pred
    hist, _ = np.histogram(conf, bins=case["histogramBins"], range=(0.0, 1.0))
    expected["histogram"] = hist
    return {**case, "expected": expected}


def percentile_bootstrap(case):
    """Same resamples as main/core/stats/bootstrap.ts (mulberry32 re-implemented), metrics by sklearn."""
    labels, truth, pred = case["labels"], np.array(case["truth"]), np.array(case["prediction"])
    n, rng = len(truth), mulberry32(case["seed"])
    keys = ["accuracy", "macroF1", "weightedF1", "microF1", "kappa"] + [f"{m}{i}" for i in range(len(labels)) for m in "prf"]
    values = {k: [] for k in keys}

    def stats(t, p):
        P, R, F, S = precision_recall_fscore_support(t, p, labels=labels, zero_division=0)
        predicted = [int(np.sum(p == lab)) for lab in labels]
        out = {"accuracy": accuracy_score(t, p),
               "macroF1": f1_score(t, p, labels=labels, average="macro", zero_division=0),
               "weightedF1": f1_score(t, p, labels=labels, average="weighted", zero_division=0),
               "microF1": f1_score(t, p, labels=labels, average="micro", zero_division=0),
               "kappa": cohen_kappa_score(t, p, labels=labels)}
        for i in range(len(labels)):
            out[f"p{i}"] = P[i] if predicted[i] else math.nan
            out[f"r{i}"] = R[i] if S[i] else math.nan
            out[f"f{i}"] = F[i] if predicted[i] + S[i] else math.nan
        return out

    point = stats(truth, pred)
    for _ in range(case["replicates"]):
        idx = np.array([math.floor(rng() * n) for _ in range(n)])
        s = stats(truth[idx], pred[idx])
        for k in keys:
            if not math.isnan(s[k]):
                values[k].append(s[k])
    alpha = 1 - case["confidence"]
    expected = {}
    for k in keys:
        v = np.array(values[k])
        expected[k] = {"estimate": point[k], "replicates": len(v),
                       "lower": np.quantile(v, alpha / 2) if len(v) else None,
                       "upper": np.quantile(v, 1 - alpha / 2) if len(v) else None}
    return {**case, "expected": expected}


def multilabel_bootstrap(case):
    """The multi-label bootstrap on the same resamples (mulberry32), metrics by sklearn on indicator matrices."""
    labels = case["labels"]
    keep = [i for i, (t, p) in enumerate(zip(case["truth"], case["prediction"])) if t is not None and p is not None]
    mlb = MultiLabelBinarizer(classes=labels)
    T = mlb.fit_transform([case["truth"][i] for i in keep])
    P = mlb.transform([case["prediction"][i] for i in keep])
    n, rng = len(keep), mulberry32(case["seed"])
    keys = ["microF1", "macroF1", "weightedF1", "subsetAccuracy", "hammingLoss"] + [f"{m}{i}" for i in range(len(labels)) for m in "prf"]
    values = {k: [] for k in keys}

    def stats(t, p):
        Pr, R, F, S = precision_recall_fscore_support(t, p, zero_division=0)
        predicted = p.sum(axis=0)
        out = {"microF1": f1_score(t, p, average="micro", zero_division=0), "macroF1": f1_score(t, p, average="macro", zero_division=0),
               "weightedF1": f1_score(t, p, average="weighted", zero_division=0), "subsetAccuracy": accuracy_score(t, p),
               "hammingLoss": hamming_loss(t, p)}
        for i in range(len(labels)):
            out[f"p{i}"] = Pr[i] if predicted[i] else math.nan
            out[f"r{i}"] = R[i] if S[i] else math.nan
            out[f"f{i}"] = F[i] if predicted[i] + S[i] else math.nan
        return out

    point = stats(T, P)
    for _ in range(case["replicates"]):
        idx = np.array([math.floor(rng() * n) for _ in range(n)])
        s = stats(T[idx], P[idx])
        for k in keys:
            if not math.isnan(s[k]):
                values[k].append(s[k])
    alpha = 1 - case["confidence"]
    expected = {k: {"estimate": point[k], "replicates": len(values[k]),
                    "lower": np.quantile(values[k], alpha / 2) if values[k] else None,
                    "upper": np.quantile(values[k], 1 - alpha / 2) if values[k] else None} for k in keys}
    return {**case, "expected": expected}


def ppi(case):
    """Angelopoulos et al. 2023 (Science), mean estimator, coded from the paper's formulas in numpy."""
    z = norm.ppf(1 - (1 - case["confidence"]) / 2)
    labels, N = case["labels"], case["corpusN"]
    model = case["sampleModel"]
    human = case["sampleHuman"]
    out = []
    for lab in labels:
        k = case["corpusCounts"][lab]
        f_all = np.r_[np.ones(k), np.zeros(N - k)]  # the model's indicator on every corpus document
        f = np.array([1.0 if m == lab else 0.0 for m in model])
        y = np.array([1.0 if h == lab else 0.0 for h in human])
        n = len(f)
        theta = f_all.mean() - (f - y).mean()
        se = math.sqrt(f_all.var(ddof=1) / N + (f - y).var(ddof=1) / n)
        se_fp = math.sqrt((1 - n / N) * (f - y).var(ddof=1) / n)
        # PPI++ (Angelopoulos, Duchi & Zrnic 2023), mean estimation: lambda = Cov(f, Y) / ((1 + n/N) Var(f)), clipped.
        var_f = f_all.var(ddof=1)
        lam = 0.0 if var_f == 0 else float(np.clip(np.cov(f, y, ddof=1)[0, 1] / ((1 + n / N) * var_f), 0, 1))
        theta_t = lam * f_all.mean() - (lam * f - y).mean()
        se_t = math.sqrt(lam * lam * var_f / N + (lam * f - y).var(ddof=1) / n)
        p_naive = k / N
        naive = np.clip(proportion_confint(k, N, 1 - case["confidence"], method="normal"), 0, 1)
        wil = proportion_confint(int(y.sum()), n, 1 - case["confidence"], method="wilson")
        out.append({"label": lab,
                    "ppi": {"estimate": theta, "se": se, "lower": max(0.0, theta - z * se), "upper": min(1.0, theta + z * se)},
                    "ppiFinite": {"estimate": theta, "se": se_fp, "lower": max(0.0, theta - z * se_fp), "upper": min(1.0, theta + z * se_fp)},
                    "ppiTuned": {"estimate": theta_t, "se": se_t, "lambda": lam, "lower": max(0.0, theta_t - z * se_t), "upper": min(1.0, theta_t + z * se_t)},
                    "naive": {"estimate": p_naive, "lower": naive[0], "upper": naive[1]},
                    "human": {"estimate": y.mean(), "lower": wil[0], "upper": wil[1]}})
    return {**case, "expected": out}


def main():
    quantile_ps = [1e-12, 1e-8, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.999999, 1 - 1e-10]
    wilson = [{"x": x, "n": n, "confidence": c, "interval": proportion_confint(x, n, 1 - c, method="wilson")}
              for (x, n) in [(0, 1), (1, 1), (0, 20), (20, 20), (1, 29), (15, 148), (81, 263), (37, 50), (500, 1000), (3, 2000)]
              for c in (0.9, 0.95, 0.99)]
    wald = [{"x": x, "n": n, "confidence": 0.95, "interval": np.clip(proportion_confint(x, n, 0.05, method="normal"), 0, 1)}
            for (x, n) in [(0, 20), (7, 20), (6600, 20000), (19990, 20000)]]
    sizes = []
    for p, e, c, pop in [(0.5, 0.05, 0.95, None), (0.8, 0.05, 0.95, 20000), (0.9, 0.03, 0.99, 1000), (0.7, 0.1, 0.9, 50), (0.5, 0.05, 0.95, 100)]:
        z = norm.ppf(1 - (1 - c) / 2)
        n0 = z * z * p * (1 - p) / (e * e)
        nc = n0 if pop is None else n0 / (1 + (n0 - 1) / pop)
        sizes.append({"expected": p, "margin": e, "confidence": c, "population": pop, "z": z, "n0": n0, "nCorrected": nc,
                      "n": min(pop or math.inf, math.ceil(nc))})
    fixtures = {
        "generatedBy": "scripts/stats/make_fixtures.py",
        "versions": {"sklearn": sklearn.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "normalQuantile": [{"p": p, "q": norm.ppf(p)} for p in quantile_ps],
        "wilson": wilson,
        "wald": wald,
        "sampleSize": sizes,
        "singleLabel": [single_label(c) for c in single_label_cases()],
        "multiLabel": [multilabel(c) for c in multilabel_cases()],
        "calibration": [calibration(c) for c in calibration_cases()],
        "bootstrap": [percentile_bootstrap(c) for c in bootstrap_cases()],
        "multiLabelBootstrap": [multilabel_bootstrap(c) for c in multilabel_bootstrap_cases()],
        "ppi": [ppi(c) for c in ppi_cases()],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(clean(fixtures), fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
