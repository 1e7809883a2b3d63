import CSentencePiece
import Foundation

/// A thin Swift face over libsentencepiece's SentencePieceProcessor.
/// `@unchecked Sendable`: the C++ processor is loaded once in init and then only used through
/// its const methods (Encode, PieceToId, IdToPiece), which sentencepiece documents as safe to
/// call from several threads at once; nothing mutates it until deinit.
public final class SentencePieceProcessor: @unchecked Sendable {
    /// One piece: its id, its text, and the UTF-8 byte range of the input it covers.
    public struct Piece: Equatable, Sendable {
        public var id: Int32
        public var text: String
        public var utf8Range: Range<Int>
    }

    private let handle: OpaquePointer

    /// The largest model read (sentencepiece models of 250,000 pieces are about 5 MB).
    static let maxModelBytes = 64 << 20

    /// Loads a model file; it must be a regular file of at most `maxModelBytes` (libsentencepiece
    /// would read a link to /dev/zero until memory runs out, and wait forever on a FIFO).
    public convenience init(modelURL url: URL) throws {
        try self.init(serializedModel: ModelFile.read(url, what: "the sentencepiece model", limit: Self.maxModelBytes), source: url)
    }

    /// Loads a model from its bytes; `url` names it in errors.
    public init(serializedModel bytes: Data, source url: URL) throws {
        var error: UnsafeMutablePointer<CChar>?
        let loaded = bytes.withUnsafeBytes { raw in
            spm_load_bytes(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, &error)
        }
        guard let loaded else {
            let reason = error.map { String(cString: $0) } ?? "unknown error"
            spm_free_string(error)
            throw AlbertError.file(url, .notSentencePiece(reason: String(reason.split(separator: "\n").first ?? "")))
        }
        handle = loaded
    }

    deinit { spm_free(handle) }

    public var vocabularySize: Int { Int(spm_vocab_size(handle)) }
    public var unknownID: Int32 { spm_unk_id(handle) }

    public func id(of piece: String) -> Int32 { spm_piece_to_id(handle, piece) }
    public func piece(of id: Int32) -> String { String(cString: spm_id_to_piece(handle, id)) }

    /// Encodes UTF-8 text (sentencepiece applies its own normaliser first; ranges refer to
    /// the bytes given here).
    public func encode(_ text: String) -> [Piece] {
        var utf8 = Array(text.utf8)
        var pieces: UnsafeMutablePointer<spm_piece>?
        var texts: UnsafeMutablePointer<CChar>?
        let count = utf8.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                spm_encode(handle, $0.baseAddress, $0.count, &pieces, &texts)
            }
        }
        defer { spm_free_encoding(pieces, texts) }
        guard count > 0, let pieces, let texts else { return [] }
        return (0..<Int(count)).map { i in
            let piece = pieces[i]
            let textBytes = UnsafeRawBufferPointer(start: texts + Int(piece.text_offset), count: Int(piece.text_length))
            return Piece(
                id: piece.id,
                text: String(decoding: textBytes, as: UTF8.self),
                utf8Range: Int(piece.begin)..<Int(piece.end)
            )
        }
    }
}
