#!/usr/bin/python3
"""Independent reference for Prelabel's DeBERTa evaluation path and zero-shot scores, on a DeBERTa-v2
model whose predictions spread over the classes.

The tiny DeBERTa model's random head predicts entailment for 164 of the first 200 XNLI dev pairs and
neutral for 1, so a test of its predictions could not tell a right evaluation from many wrong ones. The "spread" model has the same weights
(same seed and tensor names) and a planted classifier bias, chosen by `--plant` from the plain tiny
model so that each class wins about a third of the XNLI dev pairs. On it this script computes, with
deberta_reference.py's float64 numpy forward pass (weights read by name from onnx/model.onnx with
python3-onnx; tokens from SentencePiece; nothing from Prelabel's code):

- XNLI (the runs of make_xnli_fixture.py: the first 20 pairs of every dev file at 512 tokens, the
  German test file, four dev files at 64 tokens where premises are cut): every pair's ids and
  predicted class (argmax, first of equal ones, named through config.json's label2id), per language
  the accuracy, its Wilson 95% interval and the confusion matrix;
- zero-shot scores of real texts (AG News descriptions, XGLUE German news titles) for the four AG
  News labels: single-label (softmax over labels of the entailment logits) and multi-label
  (sigmoid(entailment - contradiction)), as MODEL.md specifies;
- what a wrong implementation would give instead, so that the tests can show they would see it:
  every type id 0 (a pair template's type ids dropped), relative positions without the log buckets,
  the pair's tail cut instead of only the premise, entailment and contradiction swapped.

    npx tsx scripts/model/make-model.ts --arch deberta-v2 --out /tmp/prelabel-deberta
    /usr/bin/python3 scripts/reference/deberta_spread_reference.py --model /tmp/prelabel-deberta --plant
    # the printed bias is DEBERTA_TINY_SPREAD's classifierBias (scripts/model/gen/deberta-model.ts)
    npx tsx scripts/model/make-model.ts --arch deberta-v2 --planted-head --out /tmp/prelabel-deberta-spread
    /usr/bin/python3 scripts/reference/deberta_spread_reference.py --model /tmp/prelabel-deberta-spread

Needs what deberta_reference.py needs and the shared data (PRELABEL_DATA, default /work/shared/data).
Writes main/core/nli/__fixtures__/deberta-spread-reference.json.
"""
import argparse
import csv
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from deberta_reference import CLS, ROOT, SEP, Reference, build_relative_position, sha256  # noqa: E402

DATA = os.environ.get("PRELABEL_DATA", "/work/shared/data")
OUT = os.path.join(ROOT, "main/core/nli/__fixtures__/deberta-spread-reference.json")
CLASSES = ["entailment", "neutral", "contradiction"]
MIN_MARGIN = 1e-3  # top two logits closer than this would leave the prediction to float32 rounding
MIN_SHARE = 0.1
RUNS = [
    ("xnli-dev", "xnli_dev", None, 20, 512),
    ("xnli-de-test", "xnli_de_test", {"de": "test.tsv"}, 30, 512),
    ("xnli-dev-max64", "xnli_dev", {"en": "dev-en.tsv", "de": "dev-de.tsv", "hi": "dev-hi.tsv", "fr": "dev-fr.tsv"}, 30, 64),
]
# The template and the number of texts were picked (among three templates and a few counts) so that
# each label is the top one for at least 10% of the texts under the random weights: the bias cancels
# in the single-label softmax, so only the wording spreads them.
ZERO_SHOT = {
    "template": "This text is about {}.",
    "labels": ["world politics", "sports", "business", "science and technology"],
    "maxLength": 40,
}
AG_NEWS_TEXTS, GERMAN_TITLES = 24, 6


def read_pairs(path, limit):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    pairs = []
    for line in lines:
        if len(pairs) == limit:
            break
        if line == "":
            continue
        premise, hypothesis, label = line.rstrip("\r").split("\t")
        label = label.strip().lower()
        pairs.append((premise, hypothesis, "contradiction" if label == "contradictory" else label))
    return pairs


def zero_shot_texts():
    with open(os.path.join(DATA, "ag_news", "test.csv"), encoding="utf-8", newline="") as f:
        ag = [row[2] for _, row in zip(range(AG_NEWS_TEXTS), csv.reader(f))]
    with open(os.path.join(DATA, "xglue_nc_de", "dev.tsv"), encoding="utf-8", newline="") as f:
        de = [line.split("\t")[0] for _, line in zip(range(GERMAN_TITLES), f)]
    return ag + de


def class_names(label2id):
    names = {}
    for key, index in label2id.items():
        k = key.lower()
        if k.startswith("entail"):
            names[index] = "entailment"
        elif k in ("neutral", "contradiction"):
            names[index] = k
        else:
            raise SystemExit(f"label2id class {key!r} is not an XNLI class")
    assert sorted(names) == [0, 1, 2]
    return names


def linear_relative_position(query_size, key_size, bucket_size, max_position):
    """The wrong variant: q - k without make_log_bucket_position (clipped to the table later)."""
    return np.arange(query_size)[:, None] - np.arange(key_size)[None, :]


def wilson(correct, n, z=1.959963984540054):
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [centre - half, centre + half]


class Variants:
    """The reference's pair and logits, and the logits of each wrong implementation."""

    def __init__(self, ref):
        self.ref = ref

    def logits(self, ids, types, rel=build_relative_position):
        return self.ref.forward([ids], [[1] * len(ids)], [types], relative_position=rel)[0]

    def all(self, premise, hypothesis, max_length):
        ref = self.ref
        ids, types, _, cut = ref.pair(premise, hypothesis, max_length)
        p, h = ref.tokens(premise), ref.tokens(hypothesis)
        whole = [CLS] + p + [SEP] + h + [SEP]
        whole_types = [0] * (len(p) + 2) + [1] * (len(h) + 1)
        tail = whole[: max_length - 1] + [SEP] if len(whole) > max_length else whole
        tail_types = (whole_types[: max_length - 1] + [1]) if len(whole) > max_length else whole_types
        return ids, types, cut, {
            "right": self.logits(ids, types),
            "zeroTypeIds": self.logits(ids, [0] * len(ids)),
            "linearPositions": self.logits(ids, types, linear_relative_position),
            "tailCut": self.logits(tail, tail_types),
        }


def argmax(logits):
    return int(np.argmax(logits))  # the first of equal values, as Prelabel's argmax


def margin(logits):
    top = sorted(logits, reverse=True)
    return top[0] - top[1]


def xnli_runs(v, names):
    runs, smallest = [], float("inf")
    swapped = {"entailment": "contradiction", "contradiction": "entailment", "neutral": "neutral"}
    for name, folder, files, limit, max_length in RUNS:
        directory = os.path.join(DATA, folder)
        if files is None:
            files = {f[len("dev-"):-len(".tsv")]: f for f in sorted(os.listdir(directory)) if f.startswith("dev-") and f.endswith(".tsv")}
        languages = []
        for language, file in sorted(files.items()):
            path = os.path.join(directory, file)
            out = {k: [] for k in ("predictions", "golds", "inputIds", "zeroTypeIds", "linearPositions", "tailCut")}
            truncated = 0
            for premise, hypothesis, gold in read_pairs(path, limit):
                ids, _, cut, logits = v.all(premise, hypothesis, max_length)
                smallest = min(smallest, margin(logits["right"]), margin(logits["zeroTypeIds"]))
                out["predictions"].append(names[argmax(logits["right"])])
                for k in ("zeroTypeIds", "linearPositions", "tailCut"):
                    out[k].append(names[argmax(logits[k])])
                out["golds"].append(gold)
                out["inputIds"].append(ids)
                truncated += cut
            golds, predictions = out["golds"], out["predictions"]
            correct = sum(g == p for g, p in zip(golds, predictions))
            confusion = [[sum(g == a and p == b for g, p in zip(golds, predictions)) for b in CLASSES] for a in CLASSES]
            languages.append({
                "language": language, "file": file, "pairs": len(predictions), "correct": correct,
                "accuracy": correct / len(predictions), "interval": wilson(correct, len(predictions)),
                "truncated": truncated, "confusion": confusion, "dataSha256": sha256(path),
                "predictions": predictions, "inputIds": out["inputIds"],
                "wrong": {"zeroTypeIds": out["zeroTypeIds"], "linearPositions": out["linearPositions"],
                          "tailCut": out["tailCut"], "swappedLabels": [swapped[p] for p in predictions]},
            })
        runs.append({"name": name, "folder": folder, "limit": limit, "maxLength": max_length, "languages": languages,
                     "average": sum(x["accuracy"] for x in languages) / len(languages)})
    return runs, smallest


def zero_shot(v, label2id):
    e, c = label2id["entailment"], label2id["contradiction"]
    hyps = [ZERO_SHOT["template"].format(label) for label in ZERO_SHOT["labels"]]
    docs = []
    for text in zero_shot_texts():
        rows = [v.all(text, h, ZERO_SHOT["maxLength"]) for h in hyps]

        def scores(kind, ei=e, ci=c):
            lg = np.array([r[3][kind] for r in rows])
            single = np.exp(lg[:, ei] - lg[:, ei].max())
            single = single / single.sum()
            multi = 1 / (1 + np.exp(-(lg[:, ei] - lg[:, ci])))
            return [float(x) for x in single], [float(x) for x in multi]

        single, multi = scores("right")
        wrong = {kind: scores(kind)[0] for kind in ("zeroTypeIds", "linearPositions", "tailCut")}
        wrong["swappedLabels"] = scores("right", c, e)[0]
        docs.append({
            "text": text,
            "truncated": any(r[2] for r in rows),
            "logits": [[float(x) for x in r[3]["right"]] for r in rows],
            "single": single, "multi": multi,
            "wrongSingle": wrong,
        })
    return {**ZERO_SHOT, "documents": docs}


def plant(ref, names):
    """A classifier bias under which each class wins about a third of the XNLI dev pairs, moved by
    at most 0.05 a class to keep every pair's top two logits (right and with type ids 0, in every run)
    at least MIN_MARGIN apart."""
    v = Variants(ref)
    bias = ref.w["classifier.bias"]
    dev, checked = [], []
    for run, folder, files, limit, max_length in RUNS:
        directory = os.path.join(DATA, folder)
        if files is None:
            files = {f: f for f in sorted(os.listdir(directory)) if f.startswith("dev-") and f.endswith(".tsv")}
        for file in sorted(files.values()):
            for premise, hypothesis, _ in read_pairs(os.path.join(directory, file), limit):
                ids, types, _, _ = ref.pair(premise, hypothesis, max_length)
                right = v.logits(ids, types) - bias
                checked += [right, v.logits(ids, [0] * len(ids)) - bias]
                if run == "xnli-dev":
                    dev.append(right)
    dev, checked = np.array(dev), np.array(checked)
    b = np.zeros(3)
    step = dev.std()
    for _ in range(3000):
        share = np.bincount(np.argmax(dev + b, axis=1), minlength=3) / len(dev)
        b -= step * 0.01 * (share - 1 / 3)
    b = np.round(b - b.mean(), 4)

    def smallest_margin(x):
        top = np.sort(checked + x, axis=1)
        return float((top[:, -1] - top[:, -2]).min())

    offsets = [np.array([0, i, j]) * 0.01 for i in range(-5, 6) for j in range(-5, 6)]
    best = max(offsets, key=lambda o: (smallest_margin(b + o), -np.abs(o).sum()))
    b = np.round(b + best, 4)
    share = np.bincount(np.argmax(dev + b, axis=1), minlength=3) / len(dev)
    print("classifierBias:", json.dumps([float(x) for x in b]))
    print("shares:", {names[i]: round(float(s), 3) for i, s in enumerate(share)}, "smallest margin:", smallest_margin(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="folder made by make-model.ts --arch deberta-v2 [--planted-head]")
    ap.add_argument("--plant", action="store_true", help="print the classifier bias that spreads the classes")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    ref = Reference(args.model)
    names = class_names(ref.c["label2id"])
    if args.plant:
        plant(ref, names)
        return
    v = Variants(ref)
    runs, smallest = xnli_runs(v, names)
    if smallest < MIN_MARGIN:
        raise SystemExit(f"a pair's top two logits are {smallest:.2e} apart (< {MIN_MARGIN}): plant another bias")
    for run in runs:
        predictions = [p for lang in run["languages"] for p in lang["predictions"]]
        shares = {k: predictions.count(k) / len(predictions) for k in CLASSES}
        assert min(shares.values()) >= MIN_SHARE, f"{run['name']}: the classes do not spread: {shares}"
    zs = zero_shot(v, ref.c["label2id"])
    tops = [int(np.argmax(d["single"])) for d in zs["documents"]]
    assert min(tops.count(k) for k in range(len(zs["labels"]))) >= MIN_SHARE * len(tops), f"zero-shot tops do not spread: {tops}"
    meta = {
        "generator": "scripts/reference/deberta_spread_reference.py (SentencePiece + deberta_reference.py's float64 numpy forward pass)",
        "modelSha256": sha256(os.path.join(args.model, "onnx", "model.onnx")),
        "label2id": ref.c["label2id"],
        "classOf": {str(k): v for k, v in sorted(names.items())},
        "smallestMargin": smallest,
        "classifierBias": [float(x) for x in ref.w["classifier.bias"]],
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "runs": runs, "zeroShot": zs}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out}: " + ", ".join(f"{r['name']} {sum(x['pairs'] for x in r['languages'])} pairs" for r in runs)
          + f", {len(zs['documents'])} zero-shot texts; smallest top-two margin {smallest:.3g}")


if __name__ == "__main__":
    main()
