#!/usr/bin/python3
"""Independent reference numbers for Prelabel's agreement statistics (main/core/stats/krippendorff*.ts,
agreement*.ts, reliability-sample-size.ts).

Nothing here comes from the code under test:
- Krippendorff's alpha twice: NLTK's AnnotationTask.alpha (binary, interval, MASI and Jaccard distances)
  and `plain_alpha` below, written from the pairwise definition (every pair of values within a unit for
  D_o, every pair of pairable values for D_e), without a coincidence matrix.
- Fleiss' kappa from statsmodels (fleiss_kappa on aggregate_raters) where every unit has all coders,
  and `plain_fleiss` (Gwet 2014's form for missing codings) everywhere; Gwet's AC1 and percent
  agreement written plainly from Gwet 2014.
- Cohen's kappa per coder pair from scikit-learn (cohen_kappa_score, weighted too) and statsmodels
  (cohens_kappa on the pair's table).
- The bootstrap interval of alpha on the same resamples of units (mulberry32 re-implemented in
  fixture_cases.py), NLTK's alpha per replicate, numpy.quantile.
- The reliability sample size from the formula with scipy's normal quantile.

    apt-get install -y python3-statsmodels python3-sklearn python3-nltk python3-numpy python3-scipy
    /usr/bin/python3 scripts/stats/make_agreement_fixtures.py

Writes main/core/stats/__fixtures__/agreement-fixtures.json (checked by agreement-fixtures.test.ts).
"""
import itertools
import json
import math
import os
import sys
import warnings

import nltk
import numpy as np
import scipy
import sklearn
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import binary_distance, interval_distance, jaccard_distance, masi_distance
from scipy.stats import norm
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_cases import mulberry32  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "main/core/stats/__fixtures__/agreement-fixtures.json")
warnings.filterwarnings("ignore", message="invalid value encountered", category=RuntimeWarning)


# ---------- distances, written from their definitions ----------

def masi_exact(a, b):
    """Passonneau 2006 with M = 1, 2/3, 1/3, 0; two empty sets are equal (distance 0)."""
    a, b = set(a), set(b)
    if not a and not b:
        return 0.0
    shared, union = len(a & b), len(a | b)
    m = 1.0 if a == b else 2 / 3 if shared == min(len(a), len(b)) else 1 / 3 if shared else 0.0
    return 1 - shared / union * m


def empty_safe(dist):
    """NLTK's set distances divide by the union: two empty sets (a unit given no label) are equal."""
    return lambda a, b: 0.0 if not a and not b else dist(a, b)


# ---------- Krippendorff's alpha from the pairwise definition ----------

def plain_alpha(units, delta):
    """alpha = 1 - D_o / D_e with D_o = (1/n) sum_u sum_{i != j in u} delta / (m_u - 1) and
    D_e = sum over ordered pairs of distinct pairable values of delta / (n (n - 1)).
    `delta(a, b, freq)` gets the frequencies of the pairable values (the ordinal metric needs them).
    Returns (alpha or None, n)."""
    pairable = [[v for v in u if v is not None] for u in units]
    pairable = [u for u in pairable if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if n == 0:
        return None, 0
    freq = {}
    for v in values:
        freq[v] = freq.get(v, 0) + 1
    do = sum(delta(u[i], u[j], freq) / (len(u) - 1) for u in pairable for i in range(len(u)) for j in range(len(u)) if i != j) / n
    de = sum(delta(values[i], values[j], freq) for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
    return (None if de == 0 else 1 - do / de), n


def nominal_delta(a, b, _):
    return 0.0 if a == b else 1.0


def ordinal_delta(categories):
    def delta(a, b, freq):
        lo, hi = sorted((categories.index(a), categories.index(b)))
        between = sum(freq.get(categories[g], 0) for g in range(lo, hi + 1))
        return (between - (freq.get(a, 0) + freq.get(b, 0)) / 2) ** 2
    return delta


def nltk_alpha(units, distance):
    """NLTK's AnnotationTask.alpha; coders' missing values are simply not given to NLTK."""
    triples = [(f"c{c}", f"u{u}", v) for u, row in enumerate(units) for c, v in enumerate(row) if v is not None]
    return AnnotationTask(data=triples, distance=distance).alpha()


# ---------- Fleiss, AC1, percent agreement (Gwet 2014, with missing codings) ----------

def distribution(units, categories):
    return [[sum(1 for v in row if v == c) for c in categories] for row in units]


def plain_pa_pi(table):
    coded = [row for row in table if sum(row) >= 1]
    twice = [row for row in coded if sum(row) >= 2]
    pa = sum(sum(x * (x - 1) for x in row) / (sum(row) * (sum(row) - 1)) for row in twice) / len(twice) if twice else None
    q = len(table[0]) if table else 0
    pi = [sum(row[k] / sum(row) for row in coded) / len(coded) for k in range(q)] if coded else [0] * q
    return pa, pi


def plain_fleiss(table):
    pa, pi = plain_pa_pi(table)
    pe = sum(p * p for p in pi)
    return None if pa is None or abs(1 - pe) < 1e-15 else (pa - pe) / (1 - pe)


def plain_ac1(table):
    pa, pi = plain_pa_pi(table)
    q = len(pi)
    if pa is None or q < 2:
        return None
    pe = sum(p * (1 - p) for p in pi) / (q - 1)
    return (pa - pe) / (1 - pe)


def pair_stats(units, a, b, labels, ordered):
    both = [(row[a], row[b]) for row in units if row[a] is not None and row[b] is not None]
    out = {"a": a, "b": b, "n": len(both)}
    if not both:
        return {**out, "agreement": None, "kappa": None, "kappaStatsmodels": None}
    x = [p[0] for p in both]
    y = [p[1] for p in both]
    out["agreement"] = sum(1 for p in both if p[0] == p[1]) / len(both)
    k = cohen_kappa_score(x, y, labels=labels)
    out["kappa"] = None if math.isnan(k) else float(k)
    table = np.zeros((len(labels), len(labels)))
    for p in both:
        table[labels.index(p[0]), labels.index(p[1])] += 1
    ks = cohens_kappa(table, return_results=False)
    out["kappaStatsmodels"] = None if math.isnan(ks) else float(ks)
    if ordered:
        for w in ("linear", "quadratic"):
            kw = cohen_kappa_score(x, y, labels=labels, weights=w)
            out[f"kappa_{w}"] = None if math.isnan(kw) else float(kw)
    return out


# ---------- cases ----------

def random_units(seed, n_units, n_coders, k, accuracy, missing, shares=None):
    rng = np.random.default_rng(seed)
    labels = [f"l{i}" for i in range(k)]
    truth = rng.choice(k, size=n_units, p=shares)
    units = []
    for t in truth:
        row = []
        for _ in range(n_coders):
            if rng.random() < missing:
                row.append(None)
            elif rng.random() < accuracy:
                row.append(labels[t])
            else:
                # an ordinal-looking error: a neighbouring label more often than a far one
                step = int(rng.choice([-1, 1])) * (1 if rng.random() < 0.7 else 2)
                row.append(labels[min(k - 1, max(0, t + step))])
        units.append(row)
    return labels, units


def single_case(name, labels, units, ordered):
    coders = len(units[0])
    table = distribution(units, labels)
    complete = all(v is not None for row in units for v in row)
    numeric = [[None if v is None else float(labels.index(v)) for v in row] for row in units]
    exp = {
        "alphaNominalNltk": nltk_alpha(units, binary_distance),
        "alphaNominalPlain": plain_alpha(units, nominal_delta)[0],
        "pairableValues": plain_alpha(units, nominal_delta)[1],
        "alphaOrdinalPlain": plain_alpha(units, ordinal_delta(labels))[0],
        "alphaIntervalNltk": nltk_alpha(numeric, interval_distance),
        "alphaIntervalPlain": plain_alpha(numeric, lambda a, b, _: (a - b) ** 2)[0],
        "fleissPlain": plain_fleiss(table),
        "fleissStatsmodels": float(fleiss_kappa(aggregate_raters(np.array([[labels.index(v) for v in row] for row in units]), n_cat=len(labels))[0]))
        if complete else None,
        "ac1Plain": plain_ac1(table),
        "percentPlain": plain_pa_pi(table)[0],
        "pairs": [pair_stats(units, a, b, labels, ordered) for a, b in itertools.combinations(range(coders), 2)],
        "perLabel": [],
    }
    for label in labels:
        yn = [[None if v is None else ("yes" if v == label else "no") for v in row] for row in units]
        t = distribution(yn, ["yes", "no"])
        exp["perLabel"].append({"label": label, "alphaNltk": nltk_alpha(yn, binary_distance), "alphaPlain": plain_alpha(yn, nominal_delta)[0],
                                "fleissPlain": plain_fleiss(t), "ac1Plain": plain_ac1(t), "percentPlain": plain_pa_pi(t)[0]})
    return {"name": name, "labels": labels, "ordered": ordered, "units": units, "expected": exp}


def random_sets(seed, n_units, n_coders, k, missing):
    rng = np.random.default_rng(seed)
    labels = [f"l{i}" for i in range(k)]
    units = []
    for _ in range(n_units):
        truth = [lab for lab in labels if rng.random() < 0.35]
        row = []
        for _ in range(n_coders):
            if rng.random() < missing:
                row.append(None)
                continue
            s = set(truth)
            for lab in labels:
                if rng.random() < 0.15:
                    s ^= {lab}
            row.append(sorted(s))
        units.append(row)
    return labels, units


def multi_case(name, labels, units):
    frozen = [[None if s is None else frozenset(s) for s in row] for row in units]
    exp = {
        "alphaMasiNltk": nltk_alpha(frozen, empty_safe(masi_distance)),  # NLTK's M = 0.67 / 0.33
        "alphaMasiPlain": plain_alpha(frozen, lambda a, b, _: masi_exact(a, b))[0],
        "alphaJaccardNltk": nltk_alpha(frozen, empty_safe(jaccard_distance)),
        "pairableValues": plain_alpha(frozen, nominal_delta)[1],
        "exactSetPercent": plain_pa_pi(distribution(frozen, sorted({s for row in frozen for s in row if s is not None}, key=sorted)))[0],
        "perLabel": [],
    }
    for label in labels:
        yn = [[None if s is None else ("yes" if label in s else "no") for s in row] for row in units]
        t = distribution(yn, ["yes", "no"])
        exp["perLabel"].append({"label": label, "alphaNltk": nltk_alpha(yn, binary_distance), "fleissPlain": plain_fleiss(t),
                                "ac1Plain": plain_ac1(t), "percentPlain": plain_pa_pi(t)[0]})
    return {"name": name, "labels": labels, "units": units, "expected": exp}


def bootstrap_case(name, labels, units, level, replicates, seed, confidence=0.95):
    """Units resampled by mulberry32(seed) exactly as bootstrap.ts's `resamples`; alpha by NLTK."""
    rng = mulberry32(seed)
    n = len(units)
    if level == "masi":
        data = [[None if s is None else frozenset(s) for s in row] for row in units]
        dist = lambda a, b: masi_exact(a, b)  # noqa: E731
    else:
        data, dist = units, binary_distance
    values = []
    for _ in range(replicates):
        sample = [data[math.floor(rng() * n)] for _ in range(n)]
        pairable = [row for row in sample if sum(v is not None for v in row) >= 2]
        distinct = {v for row in pairable for v in row if v is not None}
        if len(distinct) < 2:
            continue  # alpha undefined (no pairable values or no variation): left out, as in the TS
        values.append(nltk_alpha(sample, dist))
    a = (1 - confidence) / 2
    return {"name": name, "labels": labels, "level": level, "units": units, "replicates": replicates, "seed": seed,
            "expected": {"estimate": nltk_alpha(data, dist), "lower": float(np.quantile(values, a)), "upper": float(np.quantile(values, 1 - a)),
                         "used": len(values), "below0667": sum(v < 0.667 for v in values) / len(values),
                         "below08": sum(v < 0.8 for v in values) / len(values)}}


def sample_sizes():
    out = []
    for alpha_min, p, pc in itertools.product([0.667, 0.8, 0.9], [0.1, 0.05, 0.01, 0.005], [0.5, 0.25, 0.1, 1 / 3, 0.05]):
        z = norm.ppf(1 - p)
        exact = 2 * z * z * ((1 + alpha_min) * (3 - alpha_min) / (4 * (1 - alpha_min) * pc * (1 - pc)) - alpha_min)
        out.append({"alphaMin": alpha_min, "significance": p, "smallestShare": pc, "z": z, "exact": exact, "n": math.ceil(exact - 1e-9)})
    return out


def published():
    """The published examples through the reference implementations too (the TS test checks the
    published values themselves in agreement-published.test.ts)."""
    k = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    units = [[k[c][u] for c in range(4)] for u in range(12)]
    scale = [1, 2, 3, 4, 5]
    kripp = {"name": "Krippendorff 2011, 4 observers, 12 units", "units": units, "expected": {
        "nominalNltk": nltk_alpha(units, binary_distance), "nominalPlain": plain_alpha(units, nominal_delta)[0],
        "ordinalPlain": plain_alpha(units, ordinal_delta(scale))[0],
        "intervalNltk": nltk_alpha(units, interval_distance), "intervalPlain": plain_alpha(units, lambda a, b, _: (a - b) ** 2)[0],
        "ratioPlain": plain_alpha(units, lambda a, b, _: ((a - b) / (a + b)) ** 2)[0]}}
    # Fleiss 1971, Table 1 (R irr's and statsmodels' `diagnoses`): the diagnosis (1-5) each psychiatrist gave.
    diagnoses = np.array([
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]])
    fleiss = {"name": "Fleiss 1971, 30 patients, 6 psychiatrists", "units": diagnoses.tolist(),
              "expected": {"fleissStatsmodels": float(fleiss_kappa(aggregate_raters(diagnoses)[0])),
                           "alphaNltk": nltk_alpha(diagnoses.tolist(), binary_distance)}}
    return {"krippendorff2011": kripp, "fleiss1971": fleiss}


def main():
    single = []
    for seed, n_units, coders, k, acc, miss in [(1, 40, 2, 3, 0.8, 0.0), (2, 120, 3, 4, 0.7, 0.15), (3, 300, 4, 5, 0.75, 0.3),
                                                  (4, 25, 5, 2, 0.85, 0.2), (5, 200, 2, 6, 0.6, 0.1), (6, 80, 3, 3, 0.9, 0.0)]:
        labels, units = random_units(seed, n_units, coders, k, acc, miss)
        single.append(single_case(f"random seed {seed}: {n_units} units, {coders} coders, {k} labels, missing {miss}", labels, units, ordered=True))
    labels, units = random_units(7, 150, 3, 3, 0.8, 0.1, shares=[0.85, 0.1, 0.05])
    single.append(single_case("random seed 7: a rare label (5%)", labels, units, ordered=False))
    multi = []
    for seed, n_units, coders, k, miss in [(11, 60, 2, 4, 0.0), (12, 150, 3, 5, 0.2), (13, 40, 4, 3, 0.3)]:
        labels, units = random_sets(seed, n_units, coders, k, miss)
        multi.append(multi_case(f"random sets seed {seed}: {n_units} units, {coders} coders, {k} labels, missing {miss}", labels, units))
    labels, units = random_units(21, 60, 3, 3, 0.75, 0.15)
    boots = [bootstrap_case("nominal, 60 units, 3 coders", labels, units, "nominal", 1000, 7)]
    labels, units = random_sets(22, 50, 2, 4, 0.1)
    boots.append(bootstrap_case("MASI, 50 units, 2 coders", labels, units, "masi", 500, 11))
    out = {
        "versions": {"nltk": nltk.__version__, "statsmodels": statsmodels.__version__, "sklearn": sklearn.__version__,
                     "numpy": np.__version__, "scipy": scipy.__version__},
        "published": published(), "single": single, "multi": multi, "bootstrap": boots, "sampleSize": sample_sizes(),
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(single)} single-label, {len(multi)} multi-label, {len(boots)} bootstrap cases")


if __name__ == "__main__":
    main()
