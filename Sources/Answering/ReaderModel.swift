import Albert
import Foundation
import Retrieval

/// The models a front end answers with: the ALBERT reader's folder, in a precision on a kernel
/// table, and the sentence encoder loaded the same way. The interface is given one by the CLI
/// and loads from it when it needs to (the reader on the first index run, the encoder in the
/// background), without naming a type of the Albert module itself.
public struct ReaderModel: Sendable {
    public var directory: URL
    public var precision: Precision
    /// nil: `$ALBERTQA_KERNELS`, else the fastest this CPU runs.
    public var kernels: KernelTable?
    /// The sentence encoder's folder (`--encoder DIR`); nil: `$ALBERTQA_ENCODER`, else the shipped one.
    public var encoderDirectory: URL?

    public init(directory: URL, precision: Precision = .automatic, kernels: KernelTable? = nil, encoderDirectory: URL? = nil) {
        self.directory = directory
        self.precision = precision
        self.kernels = kernels
        self.encoderDirectory = encoderDirectory
    }

    /// "albert-qa-minilm-squad int8": how the interface names the model.
    public var displayName: String { "\(directory.lastPathComponent) \(precision.rawValue)" }

    /// The reader, answering with `settings`' options and its calibration policy (a broken
    /// calibration file throws, as it stops `ask`).
    public func loadAnswerer(_ settings: SessionSettings) throws -> QuestionAnswerer {
        try QuestionAnswerer(reader: AlbertReader(directory: directory, precision: precision, kernels: kernels),
                             options: settings.answering, calibrationPolicy: settings.calibration)
    }

    /// The sentence encoder of dense and hybrid retrieval (`encoderDirectory`, else
    /// `$ALBERTQA_ENCODER`, else the shipped one) in the reader's precision.
    public func loadEncoder() throws -> any PassageEncoder {
        try SentenceEncoderAdapter.load(directory: encoderDirectory, precision: precision, kernels: kernels)
    }
}
