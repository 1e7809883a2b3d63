import Foundation

/// Where an answer stands in the folder.
public struct AnswerLocation: Sendable, Equatable, Hashable {
    /// The document's path relative to the folder.
    public var documentPath: String
    /// Unicode-scalar offsets of the answer in the document's indexed text (end exclusive).
    public var range: Range<Int>

    public init(documentPath: String, range: Range<Int>) {
        self.documentPath = documentPath
        self.range = range
    }
}

/// One answer to a question, merged over every place it was found.
public struct Answer: Sendable, Equatable {
    /// The exact text of the document at `locations[0]`.
    public var text: String
    /// The ranking score: span score − the passage's null score (+ the BM25 blend).
    public var score: Float
    /// Softmax of the scores over all candidates, 0...1.
    public var confidence: Double
    /// Every place the answer was found, best first.
    public var locations: [AnswerLocation]
    /// The passage the best location came from, and the answer's range inside it.
    public var context: String
    public var contextRange: Range<Int>
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

    /// True when every candidate scored below its passage's null score by the threshold: the
    /// answers are then only guesses.
    public var noAnswerFound: Bool { answers.allSatisfy(\.belowNullScore) }
    public var isComplete: Bool { passagesRead == passagesTotal && !cancelled }

    public init(question: String, answers: [Answer], passagesRead: Int, passagesTotal: Int, cancelled: Bool = false, seconds: Double = 0) {
        self.question = question
        self.answers = answers
        self.passagesRead = passagesRead
        self.passagesTotal = passagesTotal
        self.cancelled = cancelled
        self.seconds = seconds
    }
}
