"""Training examples and features for the SQuAD 2.0-style fine-tune (Training/README.md).

Examples (question, context, answer or None) come from what ../shared/data/squad holds:
- positives: SQuAD v1.1 train questions with their paragraph (replayed so nothing is forgotten);
- near misses: the question with the sentence(s) holding its answer removed from the paragraph,
  kept only when no gold answer string is left in what remains;
- off-paragraph: the question paired with another paragraph of the same article that does not
  contain the answer string;
- SQuAD v2.0 dev's unanswerable questions of the articles at even positions (0, 2, 4, ...) of
  dev-v2.0.json. The articles at odd positions are never trained on: they are the check.

Features follow BERT's SQuAD code as AlbertQA's reader does: [CLS] question [SEP] window [SEP],
question <= 64 tokens, windows of <= 384 tokens every 128 tokens; a window that does not hold the
whole answer (and every window of an unanswerable example) is labelled [CLS] for start and end,
as Hugging Face's run_qa does.
"""
import gzip
import json
import random
import re

MAX_SEQ = 384
MAX_QUERY = 64
DOC_STRIDE = 128


def squad_file(folder, name):
    """folder/name, or folder/name.gz when only the compressed copy is there (a GPU call
    carries the dev sets compressed)."""
    from pathlib import Path
    plain = Path(folder) / name
    return plain if plain.exists() or not Path(str(plain) + ".gz").exists() else Path(str(plain) + ".gz")


def load_squad(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)["data"]


def odd_even_articles(dev_v2):
    """(even, odd): the training half and the held-back check half of SQuAD v2.0 dev."""
    return dev_v2[0::2], dev_v2[1::2]


def training_and_validation(even):
    """The even half split for choosing between runs without looking at the check half: every
    4th article of the even half (its positions 3, 7, 11, ...) is kept out of training and is
    the validation set `select.py` ranks runs on; the rest is trained on."""
    return [a for i, a in enumerate(even) if i % 4 != 3], even[3::4]


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")


def sentence_spans(text):
    """Character ranges of the sentences of a paragraph (a simple rule; good enough to remove
    the sentence that holds an answer)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _contains_any(text, answers):
    lowered = text.lower()
    return any(a.strip() and a.strip().lower() in lowered for a in answers)


def near_miss(context, answer_starts, answer_texts):
    """The paragraph without the sentences that hold an answer, or None when what is left is
    too short or still contains a gold answer string."""
    spans = sentence_spans(context)
    hit = set()
    for start, text in zip(answer_starts, answer_texts):
        end = start + len(text)
        for i, (a, b) in enumerate(spans):
            if a < end and start < b:
                hit.add(i)
    kept = [context[a:b] for i, (a, b) in enumerate(spans) if i not in hit]
    if len(kept) < 2:
        return None
    remaining = " ".join(kept)
    if len(remaining.split()) < 25 or _contains_any(remaining, answer_texts):
        return None
    return remaining


def build_examples(train_v11, dev_v2_even, counts, seed=13, reuse_questions=False):
    """Examples by kind, sampled to `counts` = {"positive", "near_miss", "other_paragraph"}
    (all of the even half's unanswerable dev questions are used). Each example:
    (kind, question, context, answer_start or None, answer_text or None).

    By default a question is used in one kind only. With `reuse_questions` each kind draws from
    the whole question list on its own (a question can be a positive and, with its answer's
    sentences removed, a near miss too), as the shipped v1.1 fine-tune paired half of its
    questions with another paragraph as well as their own; that is what lets a GPU run replay
    all 87,599 positives and still see tens of thousands of negatives."""
    rng = random.Random(seed)
    questions = []  # (article index, paragraph index, qa)
    for ai, article in enumerate(train_v11):
        for pi, paragraph in enumerate(article["paragraphs"]):
            for qa in paragraph["qas"]:
                questions.append((ai, pi, qa))
    rng.shuffle(questions)
    examples = {"positive": [], "near_miss": [], "other_paragraph": [], "v2_unanswerable": []}
    cursor = 0

    def take(kind, make):
        nonlocal cursor
        if reuse_questions:
            cursor = 0
            rng.shuffle(questions)
        while len(examples[kind]) < counts[kind] and cursor < len(questions):
            ai, pi, qa = questions[cursor]
            cursor += 1
            made = make(ai, pi, qa)
            if made is not None:
                examples[kind].append(made)

    def positive(ai, pi, qa):
        context = train_v11[ai]["paragraphs"][pi]["context"]
        answer = qa["answers"][0]
        return ("positive", qa["question"], context, answer["answer_start"], answer["text"])

    def near(ai, pi, qa):
        context = train_v11[ai]["paragraphs"][pi]["context"]
        starts = [a["answer_start"] for a in qa["answers"]]
        texts = [a["text"] for a in qa["answers"]]
        remaining = near_miss(context, starts, texts)
        return None if remaining is None else ("near_miss", qa["question"], remaining, None, None)

    def other(ai, pi, qa):
        paragraphs = train_v11[ai]["paragraphs"]
        if len(paragraphs) < 2:
            return None
        choice = rng.choice([i for i in range(len(paragraphs)) if i != pi])
        context = paragraphs[choice]["context"]
        if _contains_any(context, [a["text"] for a in qa["answers"]]):
            return None
        return ("other_paragraph", qa["question"], context, None, None)

    # Distinct questions for each kind: a question is seen once, with or without its answer.
    take("positive", positive)
    take("near_miss", near)
    take("other_paragraph", other)
    for article in dev_v2_even:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                if qa.get("is_impossible"):
                    examples["v2_unanswerable"].append(
                        ("v2_unanswerable", qa["question"], paragraph["context"], None, None))
    return examples


def features(tokenizer, question, context, answer_start, answer_text):
    """(input_ids, token_type_ids, start, end) for every window of one example."""
    q_ids = tokenizer.tokenize(question)[0][:MAX_QUERY]
    c_ids, _, c_ranges = tokenizer.tokenize(context)
    start_token = end_token = None
    if answer_start is not None:
        answer_end = answer_start + len(answer_text)
        inside = [i for i, (a, b) in enumerate(c_ranges) if a < answer_end and answer_start < b]
        if inside:
            start_token, end_token = inside[0], inside[-1]
    max_context = MAX_SEQ - len(q_ids) - 3
    out = []
    offset = 0
    while True:
        length = min(max_context, len(c_ids) - offset)
        ids = [tokenizer.cls_id] + q_ids + [tokenizer.sep_id] + c_ids[offset:offset + length] + [tokenizer.sep_id]
        types = [0] * (len(q_ids) + 2) + [1] * (length + 1)
        s = e = 0
        if start_token is not None and offset <= start_token and end_token < offset + length:
            s = start_token - offset + len(q_ids) + 2
            e = end_token - offset + len(q_ids) + 2
        out.append((ids, types, s, e))
        if offset + length >= len(c_ids):
            break
        offset += min(length, DOC_STRIDE)
    return out
