#!/usr/bin/env python3
"""Writes Tests/Fixtures/hub/: one tiny random extractive-QA model per Hugging Face family that
`--model DIR` reads (issue 24), made by transformers from a config, no download:

    <family>/config.json, model.safetensors   (fp32, save_pretrained)
    <family>/pytorch_model.bin                 (fp32, torch.save(state_dict()): what transformers 4
                                                wrote with safe_serialization=False)
    <family>/vocab.txt, tokenizer_config.json  (WordPiece families: bert, distilbert (cased), electra)
    <family>/tokenizer.json                    (every family: the fast tokenizer, trained with
                                                `tokenizers` on the paragraphs below; RoBERTa's is
                                                byte-level BPE, XLM-R's Unigram)
    <family>/reference.json                    the question/context pairs, HF's input ids (pair
                                                encoding of the fast tokenizer), start/end logits,
                                                and the best answer of the question-answering
                                                pipeline's post-processing with its score.

Families: bert, distilbert (no token types), roberta and xlm-roberta (positions from
pad_token_id + 1, no token types), electra (embedding_size 16 ≠ hidden_size 32:
embeddings_project). Hidden 32, 2 layers, weights perturbed by N(0, 0.1) so logits differ
visibly between tokens.

transformers 5 removed the `question-answering` pipeline; `pipeline_answer` below is its
post-processing as transformers 4.57.1 wrote it (pipelines/question_answering.py:
`select_starts_ends` + `decode_spans`, top_k 1, max_answer_len 15, handle_impossible_answer
False, align_to_words True): non-context tokens but [CLS] masked to -10000, softmax of start
and end, [CLS] zeroed, best start ≤ end ≤ start + 14 by p_start · p_end.

Pinned: torch 2.15.0, transformers 5.24.0, tokenizers 0.23.3, safetensors 0.8.0.
Run from the repository root: python3 Scripts/make-hub-fixtures.py
"""
import json, os, shutil

import numpy as np
import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers, decoders
from transformers import (BertConfig, BertForQuestionAnswering, BertTokenizerFast, DistilBertConfig,
                          DistilBertForQuestionAnswering, DistilBertTokenizerFast, ElectraConfig,
                          ElectraForQuestionAnswering, ElectraTokenizerFast, PreTrainedTokenizerFast,
                          RobertaConfig, RobertaForQuestionAnswering, XLMRobertaConfig,
                          XLMRobertaForQuestionAnswering)

OUT = "Tests/Fixtures/hub"

PARAGRAPHS = [
    "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, a region in France. "
    "They were descended from Norse raiders and pirates from Denmark, Iceland and Norway.",
    "Oxygen is a chemical element with symbol O and atomic number 8. It is a member of the chalcogen group on the "
    "periodic table and is a highly reactive nonmetal.",
    "The Amazon rainforest covers most of the Amazon basin of South America. This basin encompasses seven million "
    "square kilometres, of which five and a half million are covered by the rainforest.",
    "Super Bowl 50 was an American football game to determine the champion of the National Football League for the "
    "2015 season. The Denver Broncos defeated the Carolina Panthers 24–10 to earn their third title.",
    "Tesla was born on 10 July 1856 in Smiljan, in the Austrian Empire. He studied engineering in Graz and moved to "
    "New York in 1884, where he worked for Edison before founding his own laboratory.",
]
PAIRS = [
    ("In what country is Normandy located?", PARAGRAPHS[0]),
    ("What is the atomic number of oxygen?", PARAGRAPHS[1]),
    ("How many square kilometres does the Amazon basin encompass?", PARAGRAPHS[2]),
    ("Who won Super Bowl 50?", PARAGRAPHS[3]),
    ("Where did Tesla study engineering?", PARAGRAPHS[4]),
]
CORPUS = PARAGRAPHS + [question for question, _ in PAIRS]
SIZES = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
             max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)


def wordpiece(lowercase):
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=lowercase)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=400, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tokenizer.train_from_iterator(CORPUS, trainer)
    return tokenizer


def write_wordpiece(folder, tokenizer_class, lowercase):
    trained = wordpiece(lowercase)
    vocab = sorted(trained.get_vocab().items(), key=lambda item: item[1])
    with open(f"{folder}/vocab.txt", "w") as file:
        file.writelines(token + "\n" for token, _ in vocab)
    # transformers 5 takes the vocabulary file as `vocab` (`vocab_file` is ignored).
    tokenizer = tokenizer_class(vocab=f"{folder}/vocab.txt", do_lower_case=lowercase)
    tokenizer.save_pretrained(folder)
    return tokenizer


def byte_level_bpe(folder):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(CORPUS, trainer)
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False)
    return roberta_style(folder, tokenizer)


def unigram(folder):
    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(vocab_size=300, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"], unk_token="<unk>")
    tokenizer.train_from_iterator(CORPUS, trainer)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return roberta_style(folder, tokenizer)


def roberta_style(folder, tokenizer):
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   sep_token="</s>", pad_token="<pad>", cls_token="<s>", mask_token="<mask>")
    fast.save_pretrained(folder)
    return fast


def perturbed(model):
    torch.manual_seed(24)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.1)
    return model.eval()


def family(name, folder):
    if name == "bert":
        tokenizer = write_wordpiece(folder, BertTokenizerFast, lowercase=True)
        model = BertForQuestionAnswering(BertConfig(vocab_size=len(tokenizer), **SIZES))
    elif name == "distilbert":
        tokenizer = write_wordpiece(folder, DistilBertTokenizerFast, lowercase=False)
        model = DistilBertForQuestionAnswering(DistilBertConfig(
            vocab_size=len(tokenizer), dim=32, n_layers=2, n_heads=4, hidden_dim=64, max_position_embeddings=128,
            dropout=0.0, attention_dropout=0.0, qa_dropout=0.0))
    elif name == "electra":
        tokenizer = write_wordpiece(folder, ElectraTokenizerFast, lowercase=True)
        model = ElectraForQuestionAnswering(ElectraConfig(vocab_size=len(tokenizer), embedding_size=16, **SIZES))
    elif name == "roberta":
        tokenizer = byte_level_bpe(folder)
        model = RobertaForQuestionAnswering(RobertaConfig(
            vocab_size=len(tokenizer), type_vocab_size=1, layer_norm_eps=1e-5, pad_token_id=1,
            **{**SIZES, "max_position_embeddings": 130}))
    else:
        tokenizer = unigram(folder)
        model = XLMRobertaForQuestionAnswering(XLMRobertaConfig(
            vocab_size=len(tokenizer), type_vocab_size=1, layer_norm_eps=1e-5, pad_token_id=1,
            **{**SIZES, "max_position_embeddings": 130}))
    return tokenizer, perturbed(model)


def pipeline_answer(encoding, start, end, context):
    """The question-answering pipeline's best answer (transformers 4.57.1's post-processing)."""
    sequence_ids = encoding.sequence_ids
    p_mask = np.array([0 if index == 1 else 1 for index in sequence_ids])
    p_mask[0] = 0  # the [CLS]/<s> token stays in the softmax
    undesired = np.abs(p_mask - 1)
    start = np.where(undesired == 0, -10000.0, np.array(start, dtype=np.float64))
    end = np.where(undesired == 0, -10000.0, np.array(end, dtype=np.float64))
    start = np.exp(start - start.max()); start /= start.sum()
    end = np.exp(end - end.max()); end /= end.sum()
    start[0] = end[0] = 0.0
    candidates = np.tril(np.triu(np.outer(start, end)), 15 - 1)
    s, e = np.unravel_index(np.argmax(candidates), candidates.shape)
    assert undesired[s] and undesired[e]
    words = encoding.token_to_word(int(s)), encoding.token_to_word(int(e))
    begin = encoding.word_to_chars(words[0], sequence_index=1)[0]
    finish = encoding.word_to_chars(words[1], sequence_index=1)[1]
    return {"start_token": int(s), "end_token": int(e), "score": float(candidates[s, e]),
            "answer": context[begin:finish], "span_text": context[encoding.offsets[s][0]:encoding.offsets[e][1]]}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    for name in ["bert", "distilbert", "roberta", "xlm-roberta", "electra"]:
        folder = f"{OUT}/{name}"
        os.makedirs(folder)
        tokenizer, model = family(name, folder)
        model.save_pretrained(folder)
        torch.save(model.state_dict(), f"{folder}/pytorch_model.bin")
        cases = []
        for question, context in PAIRS:
            encoding = tokenizer(question, context)
            inputs = {key: torch.tensor([value]) for key, value in encoding.items() if key != "attention_mask"}
            with torch.no_grad():
                out = model(**inputs)
            start, end = out.start_logits[0].tolist(), out.end_logits[0].tolist()
            cases.append({"question": question, "context": context, "input_ids": encoding["input_ids"],
                          "token_type_ids": encoding.get("token_type_ids"),
                          "start_logits": start, "end_logits": end,
                          "pipeline": pipeline_answer(encoding.encodings[0], start, end, context)})
        json.dump({"model_type": model.config.model_type, "cases": cases}, open(f"{folder}/reference.json", "w"), indent=1)
        print(name, sum(os.path.getsize(f"{folder}/{file}") for file in os.listdir(folder)), "bytes")


if __name__ == "__main__":
    main()
