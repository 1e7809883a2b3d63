import Albert
import Foundation
import Retrieval

/// A failure of the Answering module (a calibration, a SQuAD file, an evaluation, the default
/// encoder, a session asked for what it was opened without), with the values as cases; `description` renders each one-line message here.
public enum AnsweringError: Error, CustomStringConvertible, LocalizedError, Sendable, Equatable {
    /// A calibration that cannot be used: its file (nil for parameters given in code) and why.
    case calibration(URL?, CalibrationProblem)
    /// A SQuAD-format question file that cannot be used.
    case squadFile(URL, SquadProblem)
    /// A recall evaluation over a set without answerable questions.
    case noAnswerableQuestion
    /// A recall evaluation whose answerable questions have no usable `answer_start`.
    case noUsableAnswerStart(answerable: Int)
    /// Neither `$ALBERTQA_ENCODER` nor a shipped `Models/all-minilm-l6-v2` was found.
    case encoderNotFound
    /// Dense or hybrid retrieval asked of a session without a sentence encoder.
    case encoderMissing(RetrieverKind)
    /// A question asked of a session opened only to search.
    case readerMissing
    /// A scope pattern (`--in`) that names no indexed document.
    case scopeMatchesNothing(pattern: String)

    public var description: String {
        switch self {
        case let .calibration(file?, problem): "\(file.path): \(problem)"
        case let .calibration(nil, problem): "\(problem)"
        case let .squadFile(file, problem): "\(file.path): \(problem)"
        case .noAnswerableQuestion: "no answerable question to score recall on"
        case let .noUsableAnswerStart(answerable):
            "none of the \(answerable) answerable questions has a usable answer_start (an integer inside its context)"
        case .encoderNotFound:
            "cannot find the default encoder \(SentenceEncoder.defaultModelName) (set ALBERTQA_ENCODER to its folder)"
        case let .encoderMissing(kind): "\(kind.rawValue) retrieval needs a sentence encoder, and none is loaded"
        case .readerMissing: "this session was opened without a reader"
        case let .scopeMatchesNothing(pattern): "no indexed document matches '\(pattern)'"
        }
    }

    public var errorDescription: String? { description }
}
