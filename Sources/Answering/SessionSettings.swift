import Albert
import Documents
import Foundation
import Retrieval

/// Everything an `AnsweringSession` needs apart from its folder: where the index lives, how
/// documents are read and cut, which retriever answers and how it fuses, how many answers and
/// passages a question gets, and which calibration turns scores into probabilities. The CLI
/// builds one value from its flags and the configuration file (`SessionSettings(arguments)`)
/// and hands the same value to `ask`, `search`, `eval --open`, `bench --search` and the
/// interface, so that both front ends answer a folder the same way (an index cut with
/// `--passage-words 120` is not rebuilt when the interface opens it with the same settings).
public struct SessionSettings: Sendable, Equatable {
    /// nil: the default place under the cache folder (`IndexLocation.defaultURL`).
    public var databaseURL: URL?
    public var chunking = ChunkingOptions()
    /// Files with more bytes of text are skipped as too large.
    public var maxFileBytes = DocumentLoader.defaultMaxFileBytes
    /// Seconds an external tool may take per file (`ToolSettings.seconds`).
    public var toolSeconds = ExternalTool.defaultSeconds
    /// Program source is indexed too (`--source-code`, config `source_code = on`).
    public var sourceCode = false
    /// `auto`: hybrid once every passage has its vector, BM25 until then (or without an encoder).
    public var retriever = RetrieverKind.auto
    /// How the hybrid retriever merges BM25's and the dense list (depth, k, weight, method, expansion).
    public var fusion = HybridSettings.default
    /// How passages are cut for the sentence encoder (a change re-encodes them).
    public var vectorWindows = VectorWindows.default
    /// bm25() weights of the title, section and text columns.
    public var columnWeights = ColumnWeights.default
    /// How a follow-up leans on the question before it (`.off`: never a follow-up).
    public var followUp = FollowUpWeights.shipped
    /// Answers and passages per question, BM25 blend, reading order.
    public var answering = AnsweringOptions()
    /// Where probabilities and "not found" come from.
    public var calibration = CalibrationPolicy.shippedWithModel

    public init(databaseURL: URL? = nil, chunking: ChunkingOptions = .init(), retriever: RetrieverKind = .auto,
                answering: AnsweringOptions = .init()) {
        self.databaseURL = databaseURL
        self.chunking = chunking
        self.retriever = retriever
        self.answering = answering
    }
}

/// Which calibration an answerer uses: one rule for every front end, so that a broken file is
/// the same one-line error in `ask` and in the interface (it used to stop `ask` and be ignored
/// by the interface).
public enum CalibrationPolicy: Sendable, Equatable {
    /// The model folder's `calibration.json` when it has one; a broken file is an error (a
    /// wrong probability must not pass silently).
    case shippedWithModel
    /// None: probabilities are the softmax share and "not found" the uncalibrated rule
    /// (`eval --calibration-features`, whose rows must not depend on the calibration in use).
    case uncalibrated

    /// The calibration this policy gives for a model folder.
    public func load(modelDirectory: URL) throws -> AnswerCalibration? {
        switch self {
        case .shippedWithModel: try AnswerCalibration.load(modelDirectory: modelDirectory)
        case .uncalibrated: nil
        }
    }
}
