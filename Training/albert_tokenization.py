"""ALBERT tokenisation exactly as AlbertQA's Swift reader does it (Sources/Albert/Tokenizer):
Hugging Face's slow `AlbertTokenizer` (sentencepiece; do_lower_case, remove_space,
keep_accents=False, the digit+comma split) plus, for every token, the range of original
characters (Python string indices) it came from — which the slow tokenizer cannot give and
training labels need. `check_against_fixtures` compares the ids with transformers' own on
Tests/Fixtures/tokenizer-cases.json.
"""
import unicodedata

import sentencepiece as spm

SPIECE_UNDERLINE = "\u2581"


class AlbertTokenizerWithOffsets:
    def __init__(self, spiece_model):
        self.sp = spm.SentencePieceProcessor(model_file=str(spiece_model))
        self.cls_id = self.sp.piece_to_id("[CLS]")
        self.sep_id = self.sp.piece_to_id("[SEP]")
        self.pad_id = self.sp.piece_to_id("<pad>")

    @staticmethod
    def _preprocess(text):
        """preprocess_text, one character at a time: (characters, origin range of each)."""
        # " ".join(text.strip().split()): a joining space stands for the whole whitespace run.
        chars, origins = [], []
        i, n = 0, len(text)
        pending = None
        while i < n:
            if text[i].isspace():
                start = i
                while i < n and text[i].isspace():
                    i += 1
                pending = (start, i)
                continue
            if pending is not None and chars:
                chars.append(" ")
                origins.append(pending)
            pending = None
            chars.append(text[i])
            origins.append((i, i + 1))
            i += 1
        # .replace("``", '"').replace("''", '"')
        for mark in ("`", "'"):
            out_c, out_o = [], []
            j = 0
            while j < len(chars):
                if chars[j] == mark and j + 1 < len(chars) and chars[j + 1] == mark:
                    out_c.append('"')
                    out_o.append((origins[j][0], origins[j + 1][1]))
                    j += 2
                else:
                    out_c.append(chars[j])
                    out_o.append(origins[j])
                    j += 1
            chars, origins = out_c, out_o
        # NFKD without combining marks, lowercased.
        out_c, out_o = [], []
        for c, o in zip(chars, origins):
            if c.isascii():
                out_c.append(c.lower())
                out_o.append(o)
                continue
            for d in unicodedata.normalize("NFKD", c):
                if unicodedata.combining(d):
                    continue
                for lowered in d.lower():
                    out_c.append(lowered)
                    out_o.append(o)
        return "".join(out_c), out_o

    def tokenize(self, text):
        """(ids, pieces, ranges): ranges are original character ranges (end exclusive)."""
        prepared, origins = self._preprocess(text)
        if not prepared:
            return [], [], []
        encoded = prepared.encode("utf-8")
        char_at_byte = []
        for index, ch in enumerate(prepared):
            char_at_byte.extend([index] * len(ch.encode("utf-8")))
        char_at_byte.append(len(prepared))

        def original(lo, hi):
            while lo < hi and prepared[lo] == " ":
                lo += 1
            if lo < hi:
                return origins[lo][0], origins[hi - 1][1]
            if hi < len(origins):
                return origins[hi][0], origins[hi][0]
            end = origins[-1][1] if origins else 0
            return end, end

        ids, pieces, ranges = [], [], []
        proto = self.sp.encode(prepared, return_type="proto")
        for p in proto.pieces:
            lo = char_at_byte[min(p.begin, len(char_at_byte) - 1)]
            hi = char_at_byte[min(p.end, len(char_at_byte) - 1)]
            piece = p.piece
            if len(piece) > 1 and piece[-1] == "," and piece[-2].isdigit():
                cur = self.sp.encode_as_pieces(piece[:-1].replace(SPIECE_UNDERLINE, ""))
                if piece[0] != SPIECE_UNDERLINE and cur and cur[0][0] == SPIECE_UNDERLINE:
                    if len(cur[0]) == 1:
                        cur = cur[1:]
                    else:
                        cur[0] = cur[0][1:]
                comma = max(lo, hi - 1)
                for part in cur:  # the digits keep the piece's range up to the comma
                    ids.append(self.sp.piece_to_id(part))
                    pieces.append(part)
                    ranges.append(original(lo, comma) if comma > lo else original(lo, hi))
                ids.append(self.sp.piece_to_id(","))
                pieces.append(",")
                ranges.append(original(comma, hi))
                continue
            ids.append(p.id)
            pieces.append(piece)
            ranges.append(original(lo, hi))
        return ids, pieces, ranges


def check_against_fixtures(tokenizer, fixtures_path):
    """Number of mismatching cases of Tests/Fixtures/tokenizer-cases.json (transformers' ids)."""
    import json

    cases = json.load(open(fixtures_path))["cases"]
    bad = 0
    for case in cases:
        ids, _, _ = tokenizer.tokenize(case["text"])
        if ids != case["ids"]:
            bad += 1
    return bad, len(cases)
