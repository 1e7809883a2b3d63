"""The question-form features of the answer calibration, as Sources/Answering/QuestionForm.swift
computes them (same words, same rules): `albertqa eval --calibration-features` rows carry the
values Swift computed, and this twin lets `Scripts/fit-calibration.py --check` verify that both
still agree on Tests/Fixtures/question-form.json (Swift's QuestionFormTests check the same file).

    Scripts/question_form.py --check|--write Tests/Fixtures/question-form.json
"""
import json
import math
import sys
import unicodedata

# QueryBuilder.stopWords (Sources/Retrieval/QueryBuilder.swift).
STOP_WORDS = set("""
a about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves s t d ll m re ve also many much one called name named kind type
""".split())
# "how" + one of these asks for a quantity, not a manner.
QUANTITY_AFTER_HOW = {"many", "much", "long", "old", "far", "big", "large", "tall", "high", "often", "deep", "wide", "fast",
                      "heavy", "few", "small", "low"}
NAMES = ["has_names", "how_why", "log_question_words"]


def is_word_char(c):
    """QueryBuilder's word characters: Unicode Alphabetic, a numeric type, or a non-spacing mark
    (Python has no Alphabetic property: letters, Nl and Mc stand in for it)."""
    return c.isalpha() or c.isnumeric() or unicodedata.category(c) in ("Mn", "Mc", "Nl")


def words(text):
    out, current = [], []
    for c in text:
        if is_word_char(c):
            current.append(c)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def features(question):
    original = words(question)
    lowered = [w.lower() for w in original]
    names = [w for w in original[1:] if (w[0].isupper() or any(c.isdigit() for c in w)) and w.lower() not in STOP_WORDS]
    quantity = any(w == "how" and nxt in QUANTITY_AFTER_HOW for w, nxt in zip(lowered, lowered[1:]))
    return {
        "has_names": 1.0 if names else 0.0,
        "how_why": 1.0 if "why" in lowered or ("how" in lowered and not quantity) else 0.0,
        "log_question_words": math.log(1 + len(original)),
    }


def check_fixture(path, write=False):
    """Cases whose values differ from the fixture's (or rewrites them with write=True)."""
    with open(path, encoding="utf-8") as f:
        fixture = json.load(f)
    wrong = []
    for case in fixture["cases"]:
        got = features(case["question"])
        if write:
            case["expected"] = got
        elif set(got) != set(case["expected"]) or any(abs(got[k] - case["expected"][k]) > 1e-12 for k in got):
            wrong.append((case["question"], got, case["expected"]))
    if write:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(fixture, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return wrong


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--check", "--write"):
        problems = check_fixture(sys.argv[2], write=sys.argv[1] == "--write")
        for p in problems:
            print("differs:", p)
        sys.exit(1 if problems else 0)
    print(__doc__.strip().splitlines()[-1].strip())
    sys.exit(2)
