#include "spm_shim.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include <sentencepiece_processor.h>

struct spm_processor {
    sentencepiece::SentencePieceProcessor sp;
};

static char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

extern "C" spm_processor *spm_load_bytes(const char *bytes, size_t length, char **error) {
    auto *processor = new (std::nothrow) spm_processor();
    if (!processor) return nullptr;
    // A hostile model must give an error, never an uncaught C++ exception (std::terminate).
    try {
        const auto status = processor->sp.LoadFromSerializedProto(absl::string_view(bytes, length));
        if (status.ok()) return processor;
        if (error) *error = copy_string(status.ToString());
    } catch (const std::exception &exception) {
        if (error) *error = copy_string(exception.what());
    } catch (...) {
        if (error) *error = copy_string("unknown C++ exception");
    }
    delete processor;
    return nullptr;
}

extern "C" void spm_free(spm_processor *processor) { delete processor; }
extern "C" void spm_free_string(char *string) { std::free(string); }

extern "C" int32_t spm_vocab_size(const spm_processor *processor) {
    return processor->sp.GetPieceSize();
}

extern "C" int32_t spm_piece_to_id(const spm_processor *processor, const char *piece) {
    return processor->sp.PieceToId(piece);
}

extern "C" const char *spm_id_to_piece(const spm_processor *processor, int32_t id) {
    if (id < 0 || id >= processor->sp.GetPieceSize()) return "";
    return processor->sp.IdToPiece(id).c_str();
}

extern "C" int32_t spm_unk_id(const spm_processor *processor) { return processor->sp.unk_id(); }

extern "C" int32_t spm_encode(const spm_processor *processor, const char *text, size_t length,
                              spm_piece **pieces, char **texts) {
    *pieces = nullptr;
    *texts = nullptr;
    sentencepiece::ImmutableSentencePieceText spt;
    try {
        const auto status = processor->sp.Encode(absl::string_view(text, length), spt.mutable_proto());
        if (!status.ok()) return -1;
    } catch (...) {
        return -1;  // (std::bad_alloc) must not cross into Swift
    }
    const size_t count = spt.pieces_size();
    std::string joined;
    auto *out = static_cast<spm_piece *>(std::malloc((count ? count : 1) * sizeof(spm_piece)));
    if (!out) return -1;
    for (size_t i = 0; i < count; ++i) {
        const auto piece = spt.pieces(static_cast<int>(i));
        out[i].id = static_cast<int32_t>(piece.id());
        out[i].begin = piece.begin();
        out[i].end = piece.end();
        out[i].text_offset = static_cast<uint32_t>(joined.size());
        out[i].text_length = static_cast<uint32_t>(piece.piece().size());
        joined += piece.piece();
    }
    *texts = copy_string(joined);
    if (!*texts) {
        std::free(out);
        return -1;
    }
    *pieces = out;
    return static_cast<int32_t>(count);
}

extern "C" void spm_free_encoding(spm_piece *pieces, char *texts) {
    std::free(pieces);
    std::free(texts);
}
