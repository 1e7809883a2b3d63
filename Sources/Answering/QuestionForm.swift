import Foundation
import Retrieval

/// What the question's own form says about the chance that its top answer is right, whatever
/// the folder: the calibration features `has_names`, `how_why` and `log_question_words`.
///
/// Measured (README, "Answers you can trust"): on out-of-fold predictions of the fit half these
/// three lowered the log-loss from 0.1707 to 0.1673 and widened the band of thresholds meeting
/// both "not found" targets from 0.15–0.22 to 0.13–0.26, and they also helped when a whole
/// family of sets (SQuAD, COVID-QA, ConditionalQA) was left out of the fit. Text features of the
/// answer's surroundings (question words in its sentence, in order, near it; answer type against
/// "when"/"how many"/"who"; rarity-weighted coverage) did not: what they know the reader's
/// margins and the passage coverage already carry.
///
/// `Scripts/question_form.py` computes the same values in Python; both are checked against
/// `Tests/Fixtures/question-form.json`.
public struct QuestionForm: Sendable, Equatable {
    /// 1 when a word after the first is capitalised or has a digit (not a stop word): a name, a
    /// number or a date that anchors the question to particular documents.
    public var hasNames = 0.0
    /// 1 when it asks why, or how (but not how many/much/long/…): a reason or a manner, which is
    /// rarely one short span of the documents.
    public var howWhy = 0.0
    /// log(1 + the number of words).
    public var logWords = 0.0

    public init() {}

    public init(_ question: String) {
        let original = QueryBuilder.words(question)
        let lowered = original.map { $0.lowercased() }
        let hasName = original.dropFirst().contains { word in
            (word.unicodeScalars.first?.properties.isUppercase == true || word.unicodeScalars.contains(where: Self.isDigit))
                && !QueryBuilder.isStopWord(word.lowercased())
        }
        let asksQuantity = zip(lowered, lowered.dropFirst()).contains { $0 == "how" && Self.quantityAfterHow.contains($1) }
        hasNames = hasName ? 1 : 0
        howWhy = lowered.contains("why") || (lowered.contains("how") && !asksQuantity) ? 1 : 0
        logWords = log(1 + Double(original.count))
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal || scalar.properties.numericType == .digit
    }

    /// "how" followed by one of these asks for a quantity.
    static let quantityAfterHow: Set<String> = ["many", "much", "long", "old", "far", "big", "large", "tall", "high", "often", "deep",
                                                "wide", "fast", "heavy", "few", "small", "low"]
}
