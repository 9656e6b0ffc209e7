#!/usr/bin/python3
"""Independent reference fixtures for Prelabel's NLI engine (tokens, logits, zero-shot scores).

Nothing here comes from the code under test: tokens come from SentencePiece (the committed .model),
logits from this file's own float64 torch forward pass of the XLM-R architecture, with the weights
read by name from the generated tiny model's onnx/model.onnx (not from onnxruntime).

    npx tsx scripts/model/make-model.ts --size tiny --out /tmp/prelabel-tiny
    /usr/bin/python3 scripts/reference/make_fixtures.py --model /tmp/prelabel-tiny

Needs Debian's python3-sentencepiece, python3-torch, python3-onnx, python3-numpy (apt), run with
/usr/bin/python3. Writes main/core/nli/__fixtures__/reference.json.

Id mapping (see [Note: fairseq id mapping] in scripts/model/gen/tokenizer-files.ts): SentencePiece id s
becomes XLM-R id 3 if s == 0 (<unk>) else s + 1; <s>=0, <pad>=1, </s>=2.
"""
import argparse
import csv
import hashlib
import json
import math
import os

import numpy as np
import onnx
import sentencepiece as spm
import torch
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPM_MODEL = os.path.join(ROOT, "scripts/model/gen/assets/tiny-spm.model")
OUT = os.path.join(ROOT, "main/core/nli/__fixtures__/reference.json")
DATA = os.environ.get("PRELABEL_DATA", "/work/shared/data")
BOS, PAD, EOS = 0, 1, 2
TEMPLATE = "This example is {}."
LONG_MAX_LENGTH = 64  # small, so that the tiny model's long-text cases need truncation

SHORT_TEXTS = {
    "en": "The government announced new measures to support small businesses.",
    "de": "Die Regierung hat neue Maßnahmen zur Unterstützung kleiner Unternehmen angekündigt.",
    "es": "El equipo ganó el partido por tres goles a uno.",
    "fr": "Le nouveau téléphone a une batterie qui dure deux jours.",
    "el": "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.",
    "ru": "Правительство объявило новые меры поддержки экономики.",
    "ar": "أعلنت الحكومة عن إجراءات جديدة لدعم الاقتصاد.",
    "zh": "政府宣布了支持经济的新措施。",
    "ja": "この製品はとても使いやすいです。",
    "mixed": "Prelabel 2.0: ΑΒΓ, абв, عربي, 中文 — 100% ok!",
}
# Tokenization-only cases: whitespace handling, normalization (NFKC), unknown characters.
EDGE_TEXTS = [
    "  leading and trailing spaces  ",
    "multiple   inner    spaces",
    "tabs\tand\nnewlines\r\nhere",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ ＡＢＣ １２３",
    "cafe\u0301 nai\u0308ve (decomposed accents)",
    "numbers 12345 and 3.14, dates 2024-06-11",
    "unknown ☃ snowman and ⚽ ball",
    "a",
    "How are you doing?",
]
LABELS = ["politics", "sports", "economy", "technology"]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Reference:
    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
            self.config = json.load(f)
        graph = onnx.load(os.path.join(model_dir, "onnx", "model.onnx")).graph
        self.w = {t.name: torch.from_numpy(numpy_helper.to_array(t).astype(np.float64)) for t in graph.initializer
                  if t.data_type == onnx.TensorProto.FLOAT}
        self.sp = spm.SentencePieceProcessor(model_file=SPM_MODEL)
        label2id = self.config["label2id"]
        self.entail = next(v for k, v in label2id.items() if k.lower().startswith("entail"))
        self.contra = label2id.get("contradiction", label2id.get("not_entailment"))

    def tokens(self, text):
        return [3 if s == 0 else s + 1 for s in self.sp.encode(text)]

    def pair(self, premise, hypothesis, max_length):
        p, h = self.tokens(premise), self.tokens(hypothesis)
        budget = max_length - len(h) - 4  # only_first: the hypothesis always survives
        return [BOS] + p[:budget] + [EOS, EOS] + h + [EOS], len(p), len(p) > budget

    def linear(self, x, name):
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]  # weights are [in, out]

    def layer_norm(self, x, name):
        eps = self.config["layer_norm_eps"]
        return torch.nn.functional.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"], eps)

    def forward(self, ids, mask):
        ids, mask = torch.tensor(ids, dtype=torch.long), torch.tensor(mask, dtype=torch.float64)
        c, w = self.config, self.w
        heads, hidden = c["num_attention_heads"], c["hidden_size"]
        d = hidden // heads
        m = (ids != c["pad_token_id"]).long()
        positions = torch.cumsum(m, dim=1) * m + c["pad_token_id"]
        x = (w["roberta.embeddings.word_embeddings.weight"][ids]
             + w["roberta.embeddings.token_type_embeddings.weight"][0]
             + w["roberta.embeddings.position_embeddings.weight"][positions])
        x = self.layer_norm(x, "roberta.embeddings.LayerNorm")
        additive = (1.0 - mask[:, None, None, :]) * -10000.0
        b, s = ids.shape
        for layer in range(c["num_hidden_layers"]):
            p = f"roberta.encoder.layer.{layer}"
            split = lambda t: t.view(b, s, heads, d).transpose(1, 2)  # noqa: E731
            q = split(self.linear(x, p + ".attention.self.query"))
            k = split(self.linear(x, p + ".attention.self.key"))
            v = split(self.linear(x, p + ".attention.self.value"))
            probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + additive, dim=-1)
            context = (probs @ v).transpose(1, 2).reshape(b, s, hidden)
            x = self.layer_norm(self.linear(context, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm")
            inter = torch.nn.functional.gelu(self.linear(x, p + ".intermediate.dense"))  # erf form
            x = self.layer_norm(self.linear(inter, p + ".output.dense") + x, p + ".output.LayerNorm")
        pooled = torch.tanh(self.linear(x[:, 0, :], "classifier.dense"))
        return self.linear(pooled, "classifier.out_proj").tolist()

    def logits_one(self, ids):
        return self.forward([ids], [[1] * len(ids)])[0]

    def scores(self, logits_per_label, labels, multi_label):
        """The zero-shot pipeline's semantics (MODEL.md), indices from label2id."""
        if multi_label or len(labels) == 1:
            raw = [1 / (1 + math.exp(l[self.contra] - l[self.entail])) for l in logits_per_label]
        else:
            e = [l[self.entail] for l in logits_per_label]
            top = max(e)
            z = sum(math.exp(v - top) for v in e)
            raw = [math.exp(v - top) / z for v in e]
        order = sorted(range(len(labels)), key=lambda i: -raw[i])
        return {"labels": [labels[i] for i in order], "scores": [raw[i] for i in order]}


def long_texts():
    with open(os.path.join(DATA, "bbc_news", "BBC News Train.csv"), encoding="utf-8", newline="") as f:
        bbc = next(r for i, r in enumerate(csv.reader(f)) if i == 1)[0][:1200]
    with open(os.path.join(DATA, "xglue_nc_de", "dev.tsv"), encoding="utf-8") as f:
        de = f.readline().split("\t")[1][:900]
    el = " ".join([SHORT_TEXTS["el"]] * 8)
    zh = "".join([SHORT_TEXTS["zh"]] * 10)
    return {"en-bbc": bbc, "de-xglue": de, "el-repeated": el, "zh-repeated": zh}


def windows(ref, premise, hypothesis, max_length, stride):
    """Windows of the premise: each holds `budget` premise tokens, consecutive ones overlap by `stride`."""
    p, h = ref.tokens(premise), ref.tokens(hypothesis)
    budget = max_length - len(h) - 4
    step = budget - stride
    starts = [0]
    while starts[-1] + budget < len(p):
        starts.append(starts[-1] + step)
    return [{"start": s, "inputIds": [BOS] + p[s:s + budget] + [EOS, EOS] + h + [EOS]} for s in starts]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="tiny model folder made by scripts/model/make-model.ts")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    ref = Reference(args.model)
    hyps = {l: TEMPLATE.format(l) for l in LABELS}

    tokenization = [{"text": t, "ids": ref.tokens(t)} for t in list(SHORT_TEXTS.values()) + EDGE_TEXTS + list(long_texts().values())]
    tokenization += [{"text": h, "ids": ref.tokens(h)} for h in hyps.values()]

    pairs = []
    for name, text in SHORT_TEXTS.items():
        for label in LABELS[:2]:
            ids, n, cut = ref.pair(text, hyps[label], 512)
            pairs.append({"name": name, "premise": text, "hypothesis": hyps[label], "maxLength": 512,
                          "premiseTokens": n, "truncated": cut, "inputIds": ids, "logits": ref.logits_one(ids)})
    for name, text in long_texts().items():
        ids, n, cut = ref.pair(text, hyps["economy"], LONG_MAX_LENGTH)
        assert cut, name
        pairs.append({"name": name, "premise": text, "hypothesis": hyps["economy"], "maxLength": LONG_MAX_LENGTH,
                      "premiseTokens": n, "truncated": cut, "inputIds": ids, "logits": ref.logits_one(ids)})

    # Padded batches of mixed lengths: logits of the padded batch, from one batched forward pass.
    batches = []
    for name, members in {"mixed-scripts": ["en", "zh", "ar", "el", "mixed"], "latin-cyrillic": ["de", "ru", "fr"]}.items():
        seqs = [ref.pair(SHORT_TEXTS[m], hyps["politics"], 512)[0] for m in members]
        width = max(len(s) for s in seqs)
        ids = [s + [PAD] * (width - len(s)) for s in seqs]
        mask = [[1] * len(s) + [0] * (width - len(s)) for s in seqs]
        batches.append({"name": name, "members": members, "inputIds": ids, "attentionMask": mask, "logits": ref.forward(ids, mask)})

    zero_shot = []
    for name in ["en", "de", "el", "ru", "ar", "zh"]:
        text = SHORT_TEXTS[name]
        per_label = [ref.logits_one(ref.pair(text, hyps[l], 512)[0]) for l in LABELS]
        zero_shot.append({"name": name, "premise": text, "labels": LABELS, "template": TEMPLATE,
                          "hypotheses": [hyps[l] for l in LABELS], "logits": per_label,
                          "single": ref.scores(per_label, LABELS, False), "multi": ref.scores(per_label, LABELS, True)})
    one = [ref.logits_one(ref.pair(SHORT_TEXTS["es"], hyps["sports"], 512)[0])]
    zero_shot.append({"name": "es-one-label", "premise": SHORT_TEXTS["es"], "labels": ["sports"], "template": TEMPLATE,
                      "hypotheses": [hyps["sports"]], "logits": one,
                      "single": ref.scores(one, ["sports"], False), "multi": ref.scores(one, ["sports"], True)})

    windowed = []
    for name, text in list(long_texts().items())[:2]:
        per_label = []
        for l in LABELS:
            wins = windows(ref, text, hyps[l], LONG_MAX_LENGTH, 16)
            per_label.append({"label": l, "hypothesis": hyps[l], "windows": [dict(w, logits=ref.logits_one(w["inputIds"])) for w in wins]})
        windowed.append({"name": name, "premise": text, "maxLength": LONG_MAX_LENGTH, "stride": 16, "labels": per_label})

    model_onnx = os.path.join(args.model, "onnx", "model.onnx")
    meta = {
        "generator": "scripts/reference/make_fixtures.py (SentencePiece + own float64 torch forward pass)",
        "modelSha256": sha256(model_onnx),
        "spmModelSha256": sha256(SPM_MODEL),
        "label2id": ref.config["label2id"],
        "entailmentIndex": ref.entail,
        "contradictionIndex": ref.contra,
        "template": TEMPLATE,
        "longMaxLength": LONG_MAX_LENGTH,
        "versions": {"torch": torch.__version__, "onnx": onnx.__version__, "sentencepiece": spm.__version__},
    }
    out = {"meta": meta, "tokenization": tokenization, "pairs": pairs, "batches": batches, "zeroShot": zero_shot, "windows": windowed}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {len(tokenization)} texts, {len(pairs)} pairs, {len(batches)} batches, "
          f"{len(zero_shot)} zero-shot cases, {len(windowed)} windowed documents")


if __name__ == "__main__":
    main()
