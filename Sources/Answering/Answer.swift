import Foundation
import Retrieval

/// Where an answer stands in the folder.
public struct AnswerLocation: Sendable, Equatable, Hashable {
    /// The document's path relative to the folder.
    public var documentPath: String
    /// Unicode-scalar offsets of the answer in the document's indexed text (end exclusive).
    public var range: Range<Int>
    /// The table cell that holds the answer — `Stock!B3`, `B4`, `table 1, row 2, column B`
    /// (`TableRowPlace.cellName`) — nil outside tables.
    public var cell: String?
    /// The whole row of that cell in the document's text, for the viewer to highlight.
    public var row: Range<Int>?

    public init(documentPath: String, range: Range<Int>, cell: String? = nil, row: Range<Int>? = nil) {
        self.documentPath = documentPath
        self.range = range
        self.cell = cell
        self.row = row
    }
}

/// One answer to a question, merged over every place it was found.
public struct Answer: Sendable, Equatable {
    /// The exact text of the document at `locations[0]`.
    public var text: String
    /// The ranking score: span score − the passage's null score (+ the BM25 blend), the
    /// variants of one place combined (see `CandidateCollector`).
    public var score: Float
    /// The probability that this answer is right, from the model's calibration
    /// (`AnswerCalibration`); without one, the softmax share (a score, not a probability).
    public var confidence: Double
    /// Whether `confidence` comes from a calibration fitted for the model (its
    /// `calibration.json`). A model without one (any Hub checkpoint) has only the softmax
    /// share, which is shown as a score, never as a probability it was not fitted for.
    public var isCalibrated = false
    /// The answer's probability under the name the JSON output uses; nil without a calibration.
    public var probability: Double? { isCalibrated ? confidence : nil }
    /// Softmax of the scores over all merged answers, 0...1 (the confidence before calibration).
    public var share: Double = 0
    /// What the calibration reads (also written by `eval --calibration-features`).
    public var features = AnswerFeatures()
    /// Every place the answer was found, best first.
    public var locations: [AnswerLocation]
    /// The passage the best location came from, and the answer's range inside it.
    public var context: String
    public var contextRange: Range<Int>
    /// Retrieval rank of the passage of the best location (0 = the retriever's best).
    public var passageRank = 0
    /// span − null < the no-answer threshold: the reader thinks the passage does not answer.
    public var belowNullScore: Bool

    public init(text: String, score: Float, confidence: Double, locations: [AnswerLocation], context: String,
                contextRange: Range<Int>, belowNullScore: Bool) {
        self.text = text
        self.score = score
        self.confidence = confidence
        self.locations = locations
        self.context = context
        self.contextRange = contextRange
        self.belowNullScore = belowNullScore
    }
}

/// The answers to one question.
public struct AnswerSet: Sendable, Equatable {
    public var question: String
    /// Best first.
    public var answers: [Answer]
    /// Passages read so far, and how many there are to read.
    public var passagesRead: Int
    public var passagesTotal: Int
    public var cancelled = false
    public var seconds: Double = 0

    /// The documents seem to answer the question: the best answer's probability reaches the
    /// calibration's threshold (without a calibration: some answer scored above its passage's
    /// null score). Otherwise the answers are only guesses, and `ask` exits with its
    /// "not found" code.
    public var found = false
    public var noAnswerFound: Bool { !found }
    /// The probability below which the best answer counts as "not found" (nil without a calibration).
    public var notFoundThreshold: Double?
    /// The passages retrieved for the question, in retrieval order (`eval --calibration-features`
    /// writes their texts so that new features can be tried without rerunning the reader).
    public var retrieved: [PassageHit] = []
    public var isComplete: Bool { passagesRead == passagesTotal && !cancelled }

    /// `found` defaults to the uncalibrated rule: some answer scored above its null score.
    public init(question: String, answers: [Answer], passagesRead: Int, passagesTotal: Int, cancelled: Bool = false, seconds: Double = 0,
                found: Bool? = nil) {
        self.found = found ?? !answers.allSatisfy(\.belowNullScore)
        self.question = question
        self.answers = answers
        self.passagesRead = passagesRead
        self.passagesTotal = passagesTotal
        self.cancelled = cancelled
        self.seconds = seconds
    }
}
