import Albert
import Foundation

extension SentenceEncoderAdapter {
    /// The sentence encoder dense and hybrid retrieval use, loaded the same way by the CLI and
    /// the interface: `directory` when given (`--encoder DIR`), else `$ALBERTQA_ENCODER`, else the
    /// shipped `Models/all-minilm-l6-v2` (`ModelLocation`), in `precision` on `kernels` (nil:
    /// `$ALBERTQA_KERNELS`, else the fastest this CPU runs).
    public static func load(directory: URL? = nil, precision: Precision, kernels: KernelTable? = nil) throws -> SentenceEncoderAdapter {
        guard let directory = directory ?? SentenceEncoder.defaultModelDirectory() else { throw AnsweringError.encoderNotFound }
        return SentenceEncoderAdapter(try SentenceEncoder(modelDirectory: directory, precision: precision, kernels: kernels))
    }
}
