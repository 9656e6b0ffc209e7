#!/usr/bin/python3
"""Train the tiny SentencePiece Unigram model that the generated test tokenizer is built from.

Run with Debian's interpreter (/usr/bin/python3, python3-sentencepiece). The output
(scripts/model/gen/assets/tiny-spm.model) is committed: the TypeScript generator reads it,
so neither CI nor the tests need Python. Re-running this changes the vocabulary, and then the
fixtures must be regenerated (scripts/reference/make_fixtures.py).

The sample covers the scripts Prelabel promises to handle: Latin (en, de, es, fr), Greek, Cyrillic,
Arabic and CJK (zh, some ja), drawn from the corpora in /work/shared/data (first lines of each file, so the
sample is reproducible).
"""
import csv
import io
import os
import sys

import sentencepiece as spm

DATA = os.environ.get("PRELABEL_DATA", "/work/shared/data")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "scripts/model/gen/assets/tiny-spm")
LINES_PER_SOURCE = 400


def xnli(lang, limit=LINES_PER_SOURCE):
    lines = []
    with open(os.path.join(DATA, "xnli_dev", f"dev-{lang}.tsv"), encoding="utf-8") as f:
        for row in f:
            parts = row.rstrip("\n").split("\t")
            lines.extend(parts[:2])
            if len(lines) >= limit:
                break
    return lines


def japanese_reviews():
    path = os.path.join(DATA, "marc_amazon_reviews", "test-ja.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return [r[1].replace("\n", " ") for r in rows[:LINES_PER_SOURCE // 2]]


def greek_tweets():
    path = os.path.join(DATA, "politicians_tweets_sentiment_en_es_el", "gr_combined.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["full_text"].replace("\n", " ") for r in rows[:LINES_PER_SOURCE]]


def english_templates():
    # The hypothesis template and common label words appear in every test: keep them whole pieces.
    labels = ["politics", "sports", "business", "technology", "economy", "health", "culture",
              "science", "entertainment", "world", "positive", "negative", "neutral"]
    return [f"This example is {l}." for l in labels] + [f"This text is about {l}." for l in labels]


def main():
    sample = []
    for lang in ["en", "de", "es", "fr", "ru", "ar"]:
        sample.extend(xnli(lang))
    # Chinese needs many more lines than alphabets do before common characters stop being <unk>.
    sample.extend(xnli("zh", 6 * LINES_PER_SOURCE))
    sample.extend(japanese_reviews())
    sample.extend(greek_tweets())
    sample.extend(english_templates() * 20)
    text = "\n".join(s for s in sample if s.strip())
    spm.SentencePieceTrainer.train(
        sentence_iterator=io.StringIO(text),
        model_prefix=OUT,
        model_type="unigram",
        vocab_size=int(sys.argv[1]) if len(sys.argv) > 1 else 8000,
        character_coverage=1.0,
        byte_fallback=False,
        normalization_rule_name="nmt_nfkc",
        num_threads=1,
        # XLM-R's layout: <unk>=0, <s>=1, </s>=2, no pad piece (fairseq adds <pad> and <mask>).
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
    )
    os.remove(OUT + ".vocab")  # the .model holds pieces and scores; the TS generator reads that.
    print("wrote", OUT + ".model")


if __name__ == "__main__":
    main()
