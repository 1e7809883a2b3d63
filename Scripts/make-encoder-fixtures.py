#!/usr/bin/env python3
"""Builds Tests/Fixtures/encoder-cases.json: what sentence-transformers computes for the shipped
encoder (Models/all-minilm-l6-v2) on ~40 varied texts — the word-piece ids it feeds the model
([CLS] … [SEP], truncated to max_seq_length), each content token's character offsets (Python
string indices, from the fast tokenizer's offset mapping), and the sentence embedding (mean
pooling + L2 normalisation) in float32. The Swift tests hold SentenceEncoder and
WordPieceTokenizer to these.

Deterministic: a rerun writes the same file. (In transformers 5, `BertTokenizer` is the
`tokenizers`-backed tokenizer, what sentence-transformers feeds the model.)

Tooling only, never run by AlbertQA. Needs a venv with torch, transformers and
sentence-transformers (CPU is enough):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch transformers sentence-transformers
    /tmp/venv/bin/python Scripts/make-encoder-fixtures.py
"""
import json
import pathlib

import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODEL = ROOT / "Models" / "all-minilm-l6-v2"
OUT = ROOT / "Tests" / "Fixtures" / "encoder-cases.json"


def document_paragraph(name, minimum_words):
    """The first paragraph of a sample document with at least `minimum_words` words."""
    text = (ROOT / "Documents" / name).read_text(encoding="utf-8")
    for paragraph in text.split("\n\n"):
        if len(paragraph.split()) >= minimum_words:
            return paragraph.strip()
    raise SystemExit(f"{name}: no paragraph of {minimum_words} words")


long_text = " ".join(document_paragraph(name, 120) for name in ["Black_Death.txt", "Apollo_program.txt"])

TEXTS = [
    # Questions, as people ask them.
    "Who was Genghis Khan's wife?",
    "What year did Genghis Khan die?",
    "How long is the Rhine river?",
    "When did Doctor Who start?",
    "How many items are in the V&A's collection?",
    "How much of the air we breathe is oxygen?",
    "what enzyme do chloroplasts use to fix carbon",
    "WHO DESIGNED THE APOLLO SPACECRAFT???",
    # Passages.
    document_paragraph("Amazon_rainforest.txt", 60),
    document_paragraph("Chloroplast.txt", 80),
    document_paragraph("1973_oil_crisis.txt", 40),
    "Temüjin married Börte of the Onggirat tribe when he was around 16, as arranged by his father.",
    "The Rhine (Rhein in German) flows 1,230 km (760 mi) from the Swiss Alps to the North Sea.",
    # Longer than 256 word pieces: truncated.
    long_text,
    # Empty and blank.
    "",
    "   \t\n  ",
    # Accents, case and compatibility characters.
    "Café naïve résumé — São Paulo, Zürich, Kraków, Ærøskøbing.",
    "İstanbul ŞEHİR Ğ ı DİYARBAKIR",
    "Straße, STRASSE, Maßstab",
    "e\u0301cole deco\u0301mpose\u0301e (decomposed accents)",
    "ﬁnance ﬂuid ½ ² ℃ Ⅻ ＡＢＣ１２３",
    "ΟΔΥΣΣΕΥΣ and Σοφία; ΣΑΣ",
    "Москва — столица России.",
    "القاهرة عاصمة مصر",
    # CJK, kana, Hangul, emoji.
    "北京是中国的首都。東京は日本の首都です。",
    "カタカナとひらがな、漢字",
    "서울은 한국의 수도입니다",
    "I ❤️ NY 🚀🚀 (emoji) 👍🏽",
    "CJK compatibility: 豈 更 車",
    # Punctuation, symbols, numbers, code.
    "Well... \"quoted\" 'single' (paren) [bracket] {brace} <angle> a/b a\\b a|b a~b a^b a`b",
    "“Curly quotes” ‘and’ «guillemets» – en dash — em dash … ellipsis",
    "E = mc², 3.14159, 1,000,000 and 10^6; x ≤ y ≥ z ± 1",
    "https://example.com/path?query=1&b=two#frag user@example.org",
    "def f(x): return x**2 + 1  # Python code!",
    # Controls, invisible and odd whitespace.
    "tab\there\nnew line\r\nwindows line\u00a0nbsp\u2003em space\u3000ideographic",
    "zero\u200bwidth\u200djoiner\u00adsoft\u2028line\u2029para\x07bell\x00nul\ufffdreplacement",
    # Literal special tokens and very long words.
    "What does [MASK] mean? [CLS] and [SEP] are special, [mask] is not.",
    "a" * 120 + " short " + "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "antidisestablishmentarianism supercalifragilisticexpialidocious",
    "1973 oil crisis: OPEC's embargo quadrupled prices from $3 to $12 per barrel.",
]


def main():
    # The weights are stored as fp16; the reference is float32 arithmetic on them.
    model = SentenceTransformer(str(MODEL), device="cpu", model_kwargs={"dtype": torch.float32})
    max_length = model.max_seq_length
    fast = model.tokenizer

    with torch.no_grad():
        embeddings = model.encode(TEXTS, batch_size=8, convert_to_numpy=True, normalize_embeddings=False)

    cases = []
    for text, embedding in zip(TEXTS, embeddings):
        encoded = fast(text, truncation=True, max_length=max_length, return_offsets_mapping=True)
        ids = encoded["input_ids"]
        offsets = [list(o) for o in encoded["offset_mapping"][1:-1]]
        untruncated = len(fast(text)["input_ids"])
        cases.append({
            "text": text,
            "input_ids": ids,
            "offsets": offsets,
            "untruncated_length": untruncated,
            "embedding": [round(float(x), 6) for x in embedding],
        })

    fixture = {
        "model": "Models/all-minilm-l6-v2",
        "max_seq_length": max_length,
        "dimension": int(embeddings.shape[1]),
        "tokenizer": type(fast).__name__,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "sentence_transformers": sentence_transformers.__version__},
        "cases": cases,
    }
    # One case per line: readable diffs without a line per vector component.
    header = json.dumps({k: v for k, v in fixture.items() if k != "cases"}, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases)
    OUT.write_text(f'{header}, "cases": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases, max_seq_length {max_length}, "
          f"{sum(c['untruncated_length'] > max_length for c in cases)} truncated")


if __name__ == "__main__":
    main()
