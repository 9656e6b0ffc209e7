#!/usr/bin/python3
"""Independent reference for Prelabel's DeBERTa-v2/v3 support: token ids, token type ids and logits.

Nothing here comes from the code under test: tokens come from SentencePiece (the committed .model,
ids mapped as in [Note: DeBERTa id mapping] of scripts/model/gen/deberta-tokenizer.ts), pairs are
assembled as DeBERTa-v3's tokenizer does ([CLS] A [SEP] B [SEP], type ids 0 up to the first [SEP]
and 1 after it, only the premise truncated), and logits come from this file's own float64 numpy
forward pass of DebertaV2ForSequenceClassification, written from transformers' modeling_deberta_v2
(make_log_bucket_position, build_relative_position, DisentangledSelfAttention with share_att_key,
XSoftmax over the m_i * m_j mask, ContextPooler), with the weights read by name from the generated
model's onnx/model.onnx (python3-onnx, not onnxruntime).

    npx tsx scripts/model/make-model.ts --arch deberta-v2 --out /tmp/prelabel-deberta
    /usr/bin/python3 scripts/reference/deberta_reference.py --model /tmp/prelabel-deberta

Needs Debian's python3-numpy, python3-scipy, python3-onnx, python3-sentencepiece.
Writes main/core/nli/__fixtures__/deberta-reference.json.
"""
import argparse
import hashlib
import json
import os

import numpy as np
import onnx
import sentencepiece as spm
from onnx import numpy_helper
from scipy.special import erf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPM_MODEL = os.path.join(ROOT, "scripts/model/gen/assets/tiny-spm.model")
OUT = os.path.join(ROOT, "main/core/nli/__fixtures__/deberta-reference.json")
PAD, CLS, SEP = 0, 1, 2
TEMPLATE = "This example is {}."
LABELS = ["politics", "sports", "economy"]
TEXTS = {
    "en": "The government announced new measures to support small businesses.",
    "de": "Die Regierung hat neue Maßnahmen zur Unterstützung kleiner Unternehmen angekündigt.",
    "es": "El equipo ganó el partido por tres goles a uno.",
    "fr": "Le nouveau téléphone a une batterie qui dure deux jours.",
    "long": "The parliament debated the budget for many hours, and the opposition parties asked the minister "
    "to explain why spending on schools, hospitals and roads had fallen for the third year in a row, "
    "while the central bank warned that inflation would stay high until the end of next year.",
}
SHORT_MAX = 512
LONG_MAX = 40  # small, so that the long text is cut (only the premise)
WINDOW_MAX, WINDOW_OVERLAP = 30, 4  # the long text in overlapping windows


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def make_log_bucket_position(relative_pos, bucket_size, max_position, dtype):
    """transformers' make_log_bucket_position; torch computes it in float32 (dtype)."""
    sign = np.sign(relative_pos)
    mid = bucket_size // 2
    abs_pos = np.where((relative_pos < mid) & (relative_pos > -mid), mid - 1, np.abs(relative_pos)).astype(dtype)
    log_pos = np.ceil(np.log(abs_pos / dtype(mid)) / np.log(dtype((max_position - 1) / mid)) * dtype(mid - 1)) + mid
    bucket_pos = np.where(abs_pos <= mid, relative_pos.astype(dtype), log_pos * sign)
    return bucket_pos.astype(np.int64)


def build_relative_position(query_size, key_size, bucket_size, max_position):
    q_ids = np.arange(query_size)
    k_ids = np.arange(key_size)
    rel = q_ids[:, None] - k_ids[None, :]
    buckets = make_log_bucket_position(rel, bucket_size, max_position, np.float32)
    # A bucket that float32 rounding would move is a boundary the ONNX graph might decide otherwise.
    assert (buckets == make_log_bucket_position(rel, bucket_size, max_position, np.float64)).all()
    return buckets


class Reference:
    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
            self.c = json.load(f)
        graph = onnx.load(os.path.join(model_dir, "onnx", "model.onnx")).graph
        self.w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer
                  if t.data_type == onnx.TensorProto.FLOAT}
        self.sp = spm.SentencePieceProcessor(model_file=SPM_MODEL)
        assert self.c["model_type"] == "deberta-v2" and self.c["share_att_key"] and not self.c["position_biased_input"]
        assert sorted(self.c["pos_att_type"]) == ["c2p", "p2c"] and self.c["norm_rel_ebd"] == "layer_norm"

    def tokens(self, text):
        return [3 if s == 0 else s + 1 for s in self.sp.encode(text)]

    def pair(self, premise, hypothesis, max_length):
        p, h = self.tokens(premise), self.tokens(hypothesis)
        budget = max_length - len(h) - 3  # [CLS] A [SEP] B [SEP]; only the premise is cut
        a = p[:budget]
        ids = [CLS] + a + [SEP] + h + [SEP]
        types = [0] * (len(a) + 2) + [1] * (len(h) + 1)
        return ids, types, len(p), len(p) > budget

    def linear(self, x, name):
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]  # weights are [in, out]

    def layer_norm(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.c["layer_norm_eps"]) * self.w[name + ".weight"] + self.w[name + ".bias"]

    @staticmethod
    def gelu(x):
        return 0.5 * x * (1 + erf(x / np.sqrt(2)))

    def forward(self, ids, mask, types, relative_position=build_relative_position):
        ids, mask, types = np.array(ids), np.array(mask, dtype=np.float64), np.array(types)
        c, w = self.c, self.w
        heads, hidden = c["num_attention_heads"], c["hidden_size"]
        d = hidden // heads
        batch, length = ids.shape
        # DebertaV2Embeddings: no absolute positions (position_biased_input false).
        emb = w["deberta.embeddings.word_embeddings.weight"][ids]
        if c["type_vocab_size"] > 0:
            emb = emb + w["deberta.embeddings.token_type_embeddings.weight"][types]
        h = self.layer_norm(emb, "deberta.embeddings.LayerNorm") * mask[:, :, None]
        # DebertaV2Encoder: relative embeddings, LayerNorm'ed; the mask m_i * m_j.
        span = c["position_buckets"]
        max_rel = c["max_relative_positions"] if c["max_relative_positions"] > 0 else c["max_position_embeddings"]
        rel_emb = self.layer_norm(w["deberta.encoder.rel_embeddings.weight"][: 2 * span], "deberta.encoder.LayerNorm")
        rel_pos = relative_position(length, length, span, max_rel)
        att_mask = mask[:, None, :, None] * mask[:, None, None, :] > 0  # [B, 1, L, L]
        scale_factor = 1 + len(c["pos_att_type"])
        scale = np.sqrt(d * scale_factor)

        def heads_of(x):  # [B, L, hidden] -> [B, H, L, d]
            return x.reshape(x.shape[0], x.shape[1], heads, d).transpose(0, 2, 1, 3)

        for i in range(c["num_hidden_layers"]):
            p = f"deberta.encoder.layer.{i}.attention.self"
            q = heads_of(self.linear(h, p + ".query_proj"))
            k = heads_of(self.linear(h, p + ".key_proj"))
            v = heads_of(self.linear(h, p + ".value_proj"))
            scores = q @ k.transpose(0, 1, 3, 2) / scale
            # disentangled_attention_bias, share_att_key: positions through the same projections.
            pos_q = heads_of(self.linear(rel_emb[None], p + ".query_proj"))  # [1, H, 2span, d]
            pos_k = heads_of(self.linear(rel_emb[None], p + ".key_proj"))
            c2p_pos = np.clip(rel_pos + span, 0, 2 * span - 1)
            c2p = np.take_along_axis(q @ pos_k.transpose(0, 1, 3, 2), np.broadcast_to(c2p_pos, scores.shape), axis=-1)
            p2c_pos = np.clip(-rel_pos + span, 0, 2 * span - 1)
            p2c = np.take_along_axis(k @ pos_q.transpose(0, 1, 3, 2), np.broadcast_to(p2c_pos, scores.shape), axis=-1)
            scores = scores + c2p / scale + p2c.transpose(0, 1, 3, 2) / scale
            # XSoftmax: masked scores get the lowest float, masked probabilities are 0.
            scores = np.where(att_mask, scores, np.finfo(np.float64).min)
            probs = np.exp(scores - scores.max(-1, keepdims=True))
            probs = np.where(att_mask, probs / probs.sum(-1, keepdims=True), 0)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            o = f"deberta.encoder.layer.{i}"
            attn = self.layer_norm(self.linear(context, o + ".attention.output.dense") + h, o + ".attention.output.LayerNorm")
            inter = self.gelu(self.linear(attn, o + ".intermediate.dense"))
            h = self.layer_norm(self.linear(inter, o + ".output.dense") + attn, o + ".output.LayerNorm")
        pooled = self.gelu(self.linear(h[:, 0], "pooler.dense"))  # ContextPooler, pooler_hidden_act gelu
        return self.linear(pooled, "classifier")

    def windows(self, premise, hypotheses, max_length, overlap):
        """A pre-label run's windows: every label shares the premise budget of the longest hypothesis;
        consecutive windows overlap by `overlap` tokens; every premise token is in one at least."""
        p = self.tokens(premise)
        hs = [self.tokens(h) for h in hypotheses]
        budget = max_length - max(len(h) for h in hs) - 3
        starts = [0]
        while starts[-1] + budget < len(p):
            starts.append(starts[-1] + budget - overlap)
        out = []
        for h in hs:
            rows = []
            for s in starts:
                a = p[s:s + budget]
                ids = [CLS] + a + [SEP] + h + [SEP]
                types = [0] * (len(a) + 2) + [1] * (len(h) + 1)
                rows.append({"start": s, "inputIds": ids, "tokenTypeIds": types,
                             "logits": [float(x) for x in self.forward([ids], [[1] * len(ids)], [types])[0]]})
            out.append(rows)
        return out

    def padded(self, rows):
        n = max(len(ids) for ids, _ in rows)
        ids = [r + [PAD] * (n - len(r)) for r, _ in rows]
        types = [t + [0] * (n - len(t)) for _, t in rows]
        mask = [[1] * len(r) + [0] * (n - len(r)) for r, _ in rows]
        return ids, mask, types


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="folder made by make-model.ts --arch deberta-v2")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    ref = Reference(args.model)
    pairs = []
    for name, text in TEXTS.items():
        max_length = LONG_MAX if name == "long" else SHORT_MAX
        for label in LABELS:
            hyp = TEMPLATE.format(label)
            ids, types, n, cut = ref.pair(text, hyp, max_length)
            logits = ref.forward([ids], [[1] * len(ids)], [types])[0]
            pairs.append({"name": name, "label": label, "premise": text, "hypothesis": hyp, "maxLength": max_length,
                          "premiseTokens": n, "truncated": cut, "inputIds": ids, "tokenTypeIds": types,
                          "logits": [float(x) for x in logits]})
    assert any(p["truncated"] for p in pairs) and max(len(p["inputIds"]) for p in pairs) > 2 * ref.c["position_buckets"]
    rows = [(p["inputIds"], p["tokenTypeIds"]) for p in pairs[::2]]
    ids, mask, types = ref.padded(rows)
    batch_logits = ref.forward(ids, mask, types)
    alone = [p["logits"] for p in pairs[::2]]
    assert np.abs(batch_logits - np.array(alone)).max() < 1e-9, "padding changed the reference's logits"
    # The same pair with every type id 0: how far a tokenizer that drops the type ids would be off.
    first = pairs[0]
    zero_types = ref.forward([first["inputIds"]], [[1] * len(first["inputIds"])], [[0] * len(first["inputIds"])])[0]
    hyps = [TEMPLATE.format(label) for label in LABELS]
    windowed = ref.windows(TEXTS["long"], hyps, WINDOW_MAX, WINDOW_OVERLAP)
    assert len(windowed[0]) > 2
    out = {
        "windows": {"premise": TEXTS["long"], "maxLength": WINDOW_MAX, "overlap": WINDOW_OVERLAP,
                    "labels": [{"label": label, "windows": w} for label, w in zip(LABELS, windowed)]},
        "meta": {
            "modelSha256": sha256(os.path.join(args.model, "onnx", "model.onnx")),
            "label2id": ref.c["label2id"],
            "template": TEMPLATE,
            "labels": LABELS,
        },
        "pairs": pairs,
        "batch": {"inputIds": ids, "attentionMask": mask, "tokenTypeIds": types,
                  "logits": [[float(x) for x in r] for r in batch_logits]},
        "zeroTypeIds": {"name": first["name"], "label": first["label"], "logits": [float(x) for x in zero_types]},
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(pairs)} pairs to {args.out}")


if __name__ == "__main__":
    main()
