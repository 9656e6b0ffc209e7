#!/usr/bin/python3
"""Independent reference numbers for Prelabel's calibrated classifier (main/core/calibration/).

scikit-learn 1.2's StandardScaler and LogisticRegression(solver='lbfgs', tol=1e-10) fitted on stored-logit
features generated here (numpy, seeded; nothing comes from the code under test): single-label questions
as multinomial fits, a multi-label question's labels as sklearn's two-class (binary) fits.

    apt-get install -y python3-sklearn python3-numpy
    /usr/bin/python3 scripts/stats/make_calibration_fixtures.py

Writes main/core/calibration/__fixtures__/sklearn-logistic.json (checked by logistic.sklearn.test.ts).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# newton-cg at tol 1e-10 reports that its line search stopped (f no longer falls at double precision):
# its minimum is then as tight as doubles allow, which is what the 1e-6 comparison uses.
warnings.filterwarnings("ignore", message="newton-cg failed to converge")
OUT = os.path.join(ROOT, "main/core/calibration/__fixtures__/sklearn-logistic.json")


def logits(rng, y, k, n, swap=False, bias=0.0, constant_column=False):
    """[entailment, contradiction] of every label: the true label's entailment is higher (planted),
    with noise; `swap` exchanges two labels' columns, `bias` raises label 0's entailment."""
    e = rng.normal(0.0, 1.0, size=(n, k))
    e[np.arange(n), y] += 2.0
    e[:, 0] += bias
    c = -0.6 * e + rng.normal(0.0, 0.7, size=(n, k))
    if swap and k >= 3:
        e[:, [1, 2]] = e[:, [2, 1]]
    x = np.empty((n, 2 * k))
    x[:, 0::2] = e
    x[:, 1::2] = c
    if constant_column:
        x[:, 1] = 1.25
    return x


def both_rows(kind, k, model):
    coef, intercept = model.coef_, model.intercept_
    if kind == "multinomial" and k == 2:
        # sklearn keeps one row for two classes: w_1 = coef, w_0 = -coef (the same softmax).
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    return coef, intercept


def case(name, seed, k, n, c, kind, **kw):
    rng = np.random.default_rng(seed)
    if kind == "multinomial":
        y = rng.integers(0, k, size=n)
        y[:k] = np.arange(k)  # every class occurs
        x = logits(rng, y, k, n, **kw)
        y_test = rng.integers(0, k, size=40)
        x_test = logits(rng, y_test, k, 40, **kw)
        target = y
    else:
        y = rng.integers(0, k, size=n)
        x = logits(rng, y, k, n, **kw)
        x_test = logits(rng, rng.integers(0, k, size=40), k, 40, **kw)
        target = (y == 0).astype(int)  # the first label applies
        target[:2] = [0, 1]
    scaler = StandardScaler().fit(x)
    z = scaler.transform(x)
    if kind == "multinomial":
        model = LogisticRegression(C=c, multi_class="multinomial", solver="lbfgs", tol=1e-10, max_iter=100000)
    else:
        model = LogisticRegression(C=c, solver="lbfgs", tol=1e-10, max_iter=100000)
    model.fit(z, target)
    coef, intercept = both_rows(kind, k, model)
    # scipy's L-BFGS-B also stops when f stops falling by 64 machine epsilons, a little before the
    # gradient tolerance: the same fit by newton-cg, run to 1e-10, is the tighter reference.
    tight = LogisticRegression(C=c, solver="newton-cg", tol=1e-10, max_iter=100000,
                               **({"multi_class": "multinomial"} if kind == "multinomial" else {}))
    tight.fit(z, target)
    tight_coef, tight_intercept = both_rows(kind, k, tight)
    proba = model.predict_proba(z)
    proba_test = model.predict_proba(scaler.transform(x_test))
    if kind == "binary":
        proba, proba_test = proba[:, 1], proba_test[:, 1]
    return {
        "name": name,
        "kind": kind,
        "C": c,
        "k": k,
        "x": x.tolist(),
        "y": target.tolist(),
        "xTest": x_test.tolist(),
        "expected": {
            "mean": scaler.mean_.tolist(),
            "scale": scaler.scale_.tolist(),
            "coef": coef.tolist(),
            "intercept": intercept.tolist(),
            "proba": proba.tolist(),
            "probaTest": proba_test.tolist(),
            "iterations": int(model.n_iter_[0]),
        },
        "newtonCg": {"coef": tight_coef.tolist(), "intercept": tight_intercept.tolist()},
    }


def main():
    cases = [
        case("three labels", 1, 3, 120, 1.0, "multinomial"),
        case("five labels, C = 0.5", 2, 5, 400, 0.5, "multinomial"),
        case("two labels", 3, 2, 80, 1.0, "multinomial"),
        case("four labels, strong penalty C = 0.01", 4, 4, 150, 0.01, "multinomial"),
        case("swapped and biased labels, C = 10", 5, 4, 200, 10.0, "multinomial", swap=True, bias=1.5),
        case("a constant feature", 6, 3, 90, 1.0, "multinomial", constant_column=True),
        case("multi-label: one label's binary fit", 7, 4, 150, 1.0, "binary"),
        case("multi-label: binary fit, C = 0.1", 8, 3, 100, 0.1, "binary", bias=-1.0),
    ]
    with open(OUT, "w") as f:
        json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} cases (sklearn {sklearn.__version__})")


if __name__ == "__main__":
    main()
