#!/usr/bin/python3
"""Independent reference for `prelabel evaluate-model`: the generated tiny model's XNLI predictions.

For the first pairs of each XNLI file in the shared data, this computes what the evaluation must
find, without any of Prelabel's code: the pair's token ids from SentencePiece (the committed tiny
.model) in the layout of MODEL.md (`<s> premise </s></s> hypothesis </s>`, only the premise cut to
max_length - len(hypothesis) - 4 tokens), the logits from make_fixtures.py's own float64 torch
forward pass (weights read by name from onnx/model.onnx, not through onnxruntime), the predicted
class as the argmax of the logits named through config.json's label2id (the tiny model's order is
contradiction, entailment, neutral on purpose), and per language the accuracy against the gold label,
its Wilson 95% interval (statsmodels) and the confusion matrix (scikit-learn).

    npx tsx scripts/model/make-model.ts --size tiny --out /tmp/prelabel-tiny
    /usr/bin/python3 scripts/reference/make_xnli_fixture.py --model /tmp/prelabel-tiny

Needs what make_fixtures.py needs (Debian's python3-sentencepiece, python3-torch, python3-onnx,
python3-numpy), python3-statsmodels and python3-sklearn, and the shared data (PRELABEL_DATA, default /work/shared/data). Writes
main/core/nli/__fixtures__/xnli-reference.json.

The random tiny model's logits can lie close together; a pair whose top two logits are closer than
MIN_MARGIN would make "the same prediction" depend on float32 rounding in onnxruntime, so the script
refuses to write a fixture with one (none occurs in the subset chosen).
"""
import argparse
import json
import os
import sys

from sklearn.metrics import confusion_matrix
from statsmodels.stats.proportion import proportion_confint

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import DATA, ROOT, Reference, sha256  # noqa: E402

OUT = os.path.join(ROOT, "main/core/nli/__fixtures__/xnli-reference.json")
GOLD = {"entailment": "entailment", "neutral": "neutral", "contradiction": "contradiction"}
CLASSES = ["entailment", "neutral", "contradiction"]
MIN_MARGIN = 1e-3
# (run name, folder, file per language, pairs per file, max length)
RUNS = [
    ("xnli-dev", "xnli_dev", None, 20, 512),
    ("xnli-de-test", "xnli_de_test", {"de": "test.tsv"}, 30, 512),
    # Premise-only truncation: a max length that cuts many premises (every hypothesis still fits) (the engine's tuning sets it in the test).
    ("xnli-dev-max64", "xnli_dev", {"en": "dev-en.tsv", "de": "dev-de.tsv", "hi": "dev-hi.tsv", "fr": "dev-fr.tsv"}, 30, 64),
]


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
        pairs.append((premise, hypothesis, GOLD[label.strip().lower()]))
    return pairs


def class_names(label2id):
    """The task's name of each logit: entailment, neutral, contradiction (or not_entailment, 2-way)."""
    names = {}
    for key, index in label2id.items():
        k = key.lower()
        if k.startswith("entail"):
            names[index] = "entailment"
        elif k == "neutral":
            names[index] = "neutral"
        elif k in ("contradiction", "not_entailment"):
            names[index] = "contradiction" if len(label2id) == 3 else "not_entailment"
        else:
            raise SystemExit(f"label2id class {key!r} is not an NLI class")
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="tiny model folder made by scripts/model/make-model.ts")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    ref = Reference(args.model)
    names = class_names(ref.config["label2id"])
    runs = []
    smallest = float("inf")
    for name, folder, files, limit, max_length in RUNS:
        directory = os.path.join(DATA, folder)
        if files is None:
            files = {f[len("dev-"):-len(".tsv")]: f for f in sorted(os.listdir(directory)) if f.startswith("dev-") and f.endswith(".tsv")}
        languages = []
        for language, file in sorted(files.items()):
            path = os.path.join(directory, file)
            predictions, golds, input_ids, correct, truncated = [], [], [], 0, 0
            for premise, hypothesis, gold in read_pairs(path, limit):
                golds.append(gold)
                # make_fixtures.py's pair() slices p[:budget]; a budget below 1 would slice from the end.
                assert max_length - len(ref.tokens(hypothesis)) - 4 >= 1, f"{name}: a hypothesis leaves no room at {max_length}"
                ids, _, cut = ref.pair(premise, hypothesis, max_length)
                logits = ref.logits_one(ids)
                order = sorted(range(len(logits)), key=lambda i: -logits[i])
                smallest = min(smallest, logits[order[0]] - logits[order[1]])
                predicted = names[order[0]]
                predictions.append(predicted)
                input_ids.append(ids)
                correct += predicted == gold
                truncated += cut
            low, high = proportion_confint(correct, len(predictions), alpha=0.05, method="wilson")
            languages.append({"language": language, "file": file, "pairs": len(predictions), "correct": correct,
                              "accuracy": correct / len(predictions), "interval": [low, high], "truncated": truncated,
                              "confusion": confusion_matrix(golds, predictions, labels=CLASSES).tolist(),
                              "dataSha256": sha256(path), "predictions": predictions, "inputIds": input_ids})
        runs.append({"name": name, "folder": folder, "limit": limit, "maxLength": max_length, "languages": languages,
                     "average": sum(x["accuracy"] for x in languages) / len(languages)})
    if smallest < MIN_MARGIN:
        raise SystemExit(f"a pair's top two logits are {smallest:.2e} apart (< {MIN_MARGIN}): choose another subset")
    meta = {
        "generator": "scripts/reference/make_xnli_fixture.py (SentencePiece + make_fixtures.py's float64 torch forward pass)",
        "modelSha256": sha256(os.path.join(args.model, "onnx", "model.onnx")),
        "label2id": ref.config["label2id"],
        "classOf": {str(k): v for k, v in sorted(names.items())},
        "smallestMargin": smallest,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "runs": runs}, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {args.out}: " + ", ".join(f"{r['name']} {sum(x['pairs'] for x in r['languages'])} pairs" for r in runs)
          + f"; smallest top-two margin {smallest:.3g}")


if __name__ == "__main__":
    main()
