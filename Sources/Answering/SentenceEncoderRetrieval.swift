import Albert
import Retrieval

/// The sentence encoder (Albert) seen as Retrieval's `PassageEncoder`: Retrieval stores and
/// searches vectors without knowing the model.
public struct SentenceEncoderAdapter: PassageEncoder {
    public let encoder: SentenceEncoder

    public init(_ encoder: SentenceEncoder) {
        self.encoder = encoder
    }

    /// The model's folder name and input length: vectors of another model are recomputed. The
    /// precision is left out: int8 and fp32 vectors of one model agree to about 1e-3 cosine,
    /// far below what changes a ranking, and re-encoding a folder takes minutes.
    public var identifier: String { "\(encoder.directory.lastPathComponent)@\(encoder.maxSequenceLength)" }
    public var dimension: Int { encoder.dimension }

    public func encode(_ texts: [String]) throws -> [[Float]] {
        texts.count == 1 ? [try encoder.encode(texts[0])] : try encoder.encode(texts)
    }
}
