#ifndef ALBERTQA_SPM_SHIM_H
#define ALBERTQA_SPM_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque sentencepiece::SentencePieceProcessor.
typedef struct spm_processor spm_processor;

/// One encoded piece: its vocabulary id, the UTF-8 byte range of the input it covers, and
/// where its text (the piece itself; the surface for unknown pieces) lies in the text buffer.
typedef struct {
    int32_t id;
    uint32_t begin;
    uint32_t end;
    uint32_t text_offset;
    uint32_t text_length;
} spm_piece;

/// Loads a serialized model from `length` bytes in memory (the caller reads the file, so it
/// decides what may be read: a regular file of bounded size). On failure returns NULL and,
/// when `error` is not NULL, stores a malloc'd message the caller frees with `spm_free_string`.
spm_processor *spm_load_bytes(const char *bytes, size_t length, char **error);
void spm_free(spm_processor *processor);
void spm_free_string(char *string);

int32_t spm_vocab_size(const spm_processor *processor);
/// The id of a piece; pieces outside the vocabulary give the unknown id.
int32_t spm_piece_to_id(const spm_processor *processor, const char *piece);
/// The piece's UTF-8 text; valid as long as the processor lives.
const char *spm_id_to_piece(const spm_processor *processor, int32_t id);
int32_t spm_unk_id(const spm_processor *processor);

/// Encodes `length` bytes of UTF-8 text. Returns the number of pieces, or -1 on error.
/// Stores a malloc'd piece array in `*pieces` and the pieces' texts, back to back, in
/// `*texts`; free both with `spm_free_encoding`.
int32_t spm_encode(const spm_processor *processor, const char *text, size_t length,
                   spm_piece **pieces, char **texts);
void spm_free_encoding(spm_piece *pieces, char *texts);

#ifdef __cplusplus
}
#endif

#endif
