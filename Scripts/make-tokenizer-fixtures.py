#!/usr/bin/env python3
"""Tiny tokenizer.json files of each Hub family, and what the HF fast tokenizer makes of the
tokenizer cases with them: Tests/Fixtures/hub-tokenizers/<kind>/{tokenizer.json,expected.json}.

It also writes the seed corpus of the `tokenizer-json` fuzz harness, Fuzz/corpus/tokenizer-json/:
each kind trained on two sentences into a tokenizer.json of a few kilobytes, a NUL, and a text
(the Precompiled seed's charsmap is a six-rule one made by sentencepiece's trainer).

Needs: tokenizers (0.23 used) and sentencepiece (0.2; for the small charsmap only; the real
one is read from the shipped spiece.model's protobuf by hand). Run from the repository root:
    python3 Scripts/make-tokenizer-fixtures.py
Each kind is trained on the long paragraphs of Tests/Fixtures/tokenizer-cases.json (a few
hundred tokens of vocabulary, so that words split into pieces). expected.json records, per text,
the ids, tokens and character offsets of `encode(text, add_special_tokens=False)`, and per
question/context pair those of `encode(q, c)` with token type ids. Offsets are flat
[start0, end0, start1, end1, …]; tokens are kept for the short texts only.
"""
import base64
import json
import os

from tokenizers import (AddedToken, Regex, Tokenizer, decoders, models, normalizers,
                        pre_tokenizers, processors, trainers)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests/Fixtures/hub-tokenizers")
CASES = json.load(open(os.path.join(ROOT, "Tests/Fixtures/tokenizer-cases.json"), encoding="utf-8"))
TEXTS = [case["text"] for case in CASES["cases"]]
PARAGRAPHS = [text for text in TEXTS if len(text) > 300]

HARD = [
    "", " ", "   ", "\t\n", "a", "café naïve résumé Ångström", "CAFÉ NAÏVE", "e\u0301le\u0300ve",
    "北京 東京 서울 ｶﾀｶﾅ ＡＢＣ１２３", "Emoji 🙂🙃 and 👩‍👩‍👧 family, flags 🇫🇷", "a\u0000b\u0007c\u200bd\ufeffe\ufffd",
    "x" * 120, "Pneumonoultramicroscopicsilicovolcanoconiosis and supercalifragilistic",
    "tabs\tand\nnewlines\r\nand  double   spaces  ", "  leading and trailing  ",
    "ﬁne ½ ² ™ Ⅻ ㎏ ℃", "``quoted'' text and \"straight\"", "1,000,000 and 3.14159 and 2024-12-04",
    "İstanbul ǅemal ΣΊΣΥΦΟΣ straße", "[CLS] literal [SEP] and <s> and </s> and [MASK]",
    "don't won't they're I'll we've", "a <mask> b  <mask>c<mask>", "COVID-19 xcovid-19 covid-19x covid-19. Hello World!", "Ελληνικά русский עברית العربية हिन्दी ไทย",
    "\u00a0non\u00a0breaking\u2003em\u3000ideographic", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
]
QUESTIONS = [(TEXTS[i + 1], TEXTS[i]) for i in range(len(TEXTS) - 1)
             if len(TEXTS[i]) > 300 and len(TEXTS[i + 1]) < 300][:8]
PAIRS = [(pair["question"], pair["context"]) for pair in CASES["pairs"]] + QUESTIONS + [
    ("", ""), ("Who?", ""), ("", "Just a context."), ("Où est-il ?", "Il est à Zürich, près du lac 🙂."),
    ("  spaced   question  ", "  spaced\tcontext\n"), ("北京?", "北京 東京 서울"),
]


def spiece_charsmap(path):
    """normalizer_spec.precompiled_charsmap of a sentencepiece ModelProto (fields 3 → 2)."""
    def fields(buffer):
        position = 0
        while position < len(buffer):
            key, position = varint(buffer, position)
            number, wire = key >> 3, key & 7
            if wire == 0:
                value, position = varint(buffer, position)
            elif wire == 2:
                length, position = varint(buffer, position)
                value = buffer[position:position + length]
                position += length
            elif wire == 5:
                value = buffer[position:position + 4]
                position += 4
            elif wire == 1:
                value = buffer[position:position + 8]
                position += 8
            else:
                raise ValueError(f"wire type {wire}")
            yield number, value

    def varint(buffer, position):
        result = shift = 0
        while True:
            byte = buffer[position]
            position += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return result, position

    data = open(path, "rb").read()
    spec = next(value for number, value in fields(data) if number == 3)
    return next(value for number, value in fields(spec) if number == 2)


def wordpiece(lowercase, template):
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tokenizer.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                      strip_accents=None, lowercase=lowercase)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokenizer.train_from_iterator(PARAGRAPHS, trainers.WordPieceTrainer(vocab_size=2000, special_tokens=specials))
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if lowercase:  # added tokens matched in the normalised text, one of them a single word
        tokenizer.add_tokens([AddedToken("covid-19", single_word=True), AddedToken("Hello World", normalized=True)])
    if template:
        tokenizer.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    else:
        tokenizer.post_processor = processors.BertProcessing(("[SEP]", sep), ("[CLS]", cls))
    return tokenizer


def wordpiece_misc():
    """Other normalizers and pre-tokenizers over WordPiece: NFD/StripAccents/NFC/Lowercase,
    Whitespace, Punctuation, Digits; a custom continuing-subword prefix and word limit."""
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]", continuing_subword_prefix="@@", max_input_chars_per_word=30))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(), normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Whitespace(), pre_tokenizers.Punctuation(behavior="isolated"),
        pre_tokenizers.Digits(individual_digits=False)])
    tokenizer.train_from_iterator(PARAGRAPHS, trainers.WordPieceTrainer(
        vocab_size=1500, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]"], continuing_subword_prefix="@@"))
    tokenizer.post_processor = processors.BertProcessing(("[SEP]", tokenizer.token_to_id("[SEP]")), ("[CLS]", tokenizer.token_to_id("[CLS]")))
    return tokenizer


def roberta(prefix_space=False):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=prefix_space)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tokenizer.train_from_iterator(PARAGRAPHS, trainers.BpeTrainer(
        vocab_size=2000, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tokenizer.add_special_tokens([AddedToken("<mask>", lstrip=True, normalized=False)])  # as roberta-base's
    tokenizer.post_processor = processors.RobertaProcessing(
        ("</s>", tokenizer.token_to_id("</s>")), ("<s>", tokenizer.token_to_id("<s>")),
        trim_offsets=True, add_prefix_space=prefix_space)
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def llama_bpe():
    """sentencepiece-style BPE: Prepend + Replace normalizer, byte fallback, fused unknowns;
    Split (literal) and individual Digits pre-tokenizers, a template with only a prefix."""
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tokenizer.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split("▁", behavior="merged_with_next"), pre_tokenizers.Digits(individual_digits=True)])
    bytes_ = [f"<0x{value:02X}>" for value in range(256)]
    tokenizer.train_from_iterator(PARAGRAPHS, trainers.BpeTrainer(
        vocab_size=2000, special_tokens=["<unk>", "<s>", "</s>"] + bytes_, limit_alphabet=60))
    bos, eos = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A </s> <s> $B:1", special_tokens=[("<s>", bos), ("</s>", eos)])
    return tokenizer


def unigram(normalizer, byte_fallback, specials, template):
    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace()])
    tokenizer.train_from_iterator(PARAGRAPHS, trainers.UnigramTrainer(
        vocab_size=1500, special_tokens=specials, unk_token=specials[1 if specials[0] == "<pad>" else 0], max_piece_length=12))
    if byte_fallback:
        data = json.loads(tokenizer.to_str())
        data["model"]["byte_fallback"] = True
        data["model"]["vocab"] += [[f"<0x{value:02X}>", -20.0] for value in range(256)]
        tokenizer = Tokenizer.from_str(json.dumps(data))
    single, pair = template
    tokenizer.post_processor = processors.TemplateProcessing(
        single=single, pair=pair, special_tokens=[(token, tokenizer.token_to_id(token)) for token in specials if token in single + pair])
    return tokenizer


def albert_unigram():
    charsmap = spiece_charsmap(os.path.join(ROOT, "Models/albert-qa-minilm-squad/spiece.model"))
    normalizer = normalizers.Sequence([
        normalizers.Replace("``", '"'), normalizers.Replace("''", '"'), normalizers.NFKD(),
        normalizers.StripAccents(), normalizers.Lowercase(), normalizers.Precompiled(charsmap)])
    return unigram(normalizer, False, ["<pad>", "<unk>", "[CLS]", "[SEP]", "[MASK]"],
                   ("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1"))


def xlmr_unigram():
    return unigram(normalizers.NFKC(), True, ["<s>", "<pad>", "</s>", "<unk>"],
                   ("<s> $A </s>", "<s> $A </s> </s> $B </s>"))


def string_merges(data):
    """The older form of merges, "a b" strings (`tokenizers` saves ["a", "b"] lists)."""
    data["model"]["merges"] = [" ".join(merge) if isinstance(merge, list) else merge for merge in data["model"]["merges"]]
    return data


KINDS = {
    "bert-uncased": lambda: wordpiece(True, False),
    "bert-cased": lambda: wordpiece(False, True),
    "wordpiece-misc": wordpiece_misc,
    "roberta-bpe": roberta,
    "gpt2-bpe-string-merges": lambda: roberta(prefix_space=True),
    "llama-bpe-byte-fallback": llama_bpe,
    "albert-unigram-precompiled": albert_unigram,
    "xlmr-unigram-nfkc": xlmr_unigram,
}


def record(encoding, tokens, types=False):
    """ids, flat offsets [start0, end0, start1, …]; the tokens (for reading a failure) only
    where asked: every paragraph's would make the fixtures megabytes."""
    result = {"ids": encoding.ids, "offsets": [value for offset in encoding.offsets for value in offset]}
    if tokens:
        result["tokens"] = encoding.tokens
    if types:
        result["type_ids"] = encoding.type_ids
    return result


def tiny_charsmap():
    """A sentencepiece charsmap of six rules (A→a, B→b, ﬁ→fi, Ａ→a, e+◌́→é, ideographic space)."""
    import tempfile
    import sentencepiece
    with tempfile.TemporaryDirectory() as directory:
        rules = os.path.join(directory, "rules.tsv")
        with open(rules, "w") as file:
            file.write("41\t61\n42\t62\nFB01\t66 69\nFF21\t61\n65 301\tE9\n3000\t20\n")
        corpus = os.path.join(directory, "corpus.txt")
        with open(corpus, "w") as file:
            file.write("hello world this is a test of the charsmap\n" * 50)
        sentencepiece.SentencePieceTrainer.train(input=corpus, model_prefix=os.path.join(directory, "tiny"), vocab_size=20,
                                                 hard_vocab_limit=False, normalization_rule_tsv=rules, minloglevel=2)
        return spiece_charsmap(os.path.join(directory, "tiny.model"))


def fuzz_seeds():
    global PARAGRAPHS
    saved = PARAGRAPHS
    PARAGRAPHS = ["The 1973 oil crisis began in October 1973.", "Zürich's café: naïve résumé, 北京 🙂 1,000 items!"]
    directory = os.path.join(ROOT, "Fuzz/corpus/tokenizer-json")
    os.makedirs(directory, exist_ok=True)
    charsmap = tiny_charsmap()
    for kind, make in KINDS.items():
        if kind == "albert-unigram-precompiled":
            normalizer = normalizers.Sequence([normalizers.Replace("``", '"'), normalizers.Precompiled(charsmap), normalizers.Lowercase()])
            tokenizer = unigram(normalizer, False, ["<pad>", "<unk>", "[CLS]", "[SEP]"], ("[CLS] $A [SEP]", "[CLS] $A [SEP] $B:1 [SEP]:1"))
        else:
            tokenizer = make()
        data = json.loads(tokenizer.to_str())
        if "string-merges" in kind:
            string_merges(data)
        if kind == "llama-bpe-byte-fallback":  # keep it small: 16 byte tokens are enough for a seed
            data["added_tokens"] = data["added_tokens"][:19]
        text = "ＡBC ﬁne e\u0301 Hello  world\t1973, Zürich 🙂 [CLS] <s>"
        with open(os.path.join(directory, f"{kind}.bin"), "wb") as file:
            file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\0" + text.encode())
    PARAGRAPHS = saved


def main():
    for kind, make in KINDS.items():
        tokenizer = make()
        # The [MASK]/<mask> of a real checkpoint match only whole words with lstrip (RoBERTa's).
        directory = os.path.join(OUT, kind)
        os.makedirs(directory, exist_ok=True)
        data = json.loads(tokenizer.to_str())
        if "string-merges" in kind:
            string_merges(data)
        with open(os.path.join(directory, "tokenizer.json"), "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=1)
        tokenizer = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
        expected = {
            "generator": f"Scripts/make-tokenizer-fixtures.py (tokenizers {__import__('tokenizers').__version__})",
            "texts": [dict(text=text, **record(tokenizer.encode(text, add_special_tokens=False), len(text) < 300)) for text in TEXTS + HARD],
            "pairs": [dict(question=q, context=c, **record(tokenizer.encode(q, c), len(c) < 300, types=True)) for q, c in PAIRS],
        }
        with open(os.path.join(directory, "expected.json"), "w", encoding="utf-8") as file:
            json.dump(expected, file, ensure_ascii=False, separators=(",", ":"))
        print(kind, os.path.getsize(os.path.join(directory, "tokenizer.json")), os.path.getsize(os.path.join(directory, "expected.json")))


if __name__ == "__main__":
    main()
    fuzz_seeds()
