import Foundation

/// What is known about one answer when its probability is estimated: the reader's margins, how
/// much the passages agree, how the passages were retrieved, and the answer's shape. Each value
/// is already transformed (logs, clips) so that the calibration is a plain logistic regression
/// over these numbers, computed the same way by Swift at run time and by
/// `Scripts/fit-calibration.py` from `albertqa eval --calibration-features` rows.
public struct AnswerFeatures: Sendable, Equatable {
    /// span − null of the answer's best place (its variants combined), clipped to ±30.
    public var margin = 0.0
    /// `margin` − the best other answer's: > 0 for the top answer, ≤ 0 for the others (±30;
    /// +30 when it is the only answer).
    public var gap = 0.0
    /// Softmax share of the score among the merged answers.
    public var share = 0.0
    /// start + end logits of the best span itself (the reader's raw certainty), clipped to ±30.
    public var spanScore = 0.0
    /// log of the number of places (distinct document ranges) the answer was found at.
    public var logPlaces = 0.0
    /// Fraction of the passages read that proposed this answer (in any variant).
    public var support = 0.0
    /// log(1 + retrieval rank) of the passage of the best place (0 = the retriever's best passage).
    /// (The BM25 score relative to the best was a feature too; it means nothing for hybrid
    /// retrieval's fused ranks and its weight was ~0, so it went when hybrid rows joined the fit.)
    public var logPassageRank = 0.0
    /// Fraction of the question's search terms that occur in that passage.
    public var coverage = 0.0
    /// log of the number of passages read.
    public var logPassagesRead = 0.0
    /// log of the answer's number of words.
    public var logWords = 0.0
    /// 1 for the best-ranked answer, 0 for the others.
    public var isTop = 0.0
    /// The question's form (`QuestionForm`): the same for every answer to it.
    public var question = QuestionForm()

    public init() {}

    /// Names as in `calibration.json` and the feature files, in a fixed order.
    static let table: [(name: String, keyPath: WritableKeyPath<AnswerFeatures, Double> & Sendable)] = [
        ("margin", \.margin), ("gap", \.gap), ("share", \.share), ("span_score", \.spanScore), ("log_places", \.logPlaces),
        ("support", \.support), ("log_passage_rank", \.logPassageRank),
        ("coverage", \.coverage), ("log_passages_read", \.logPassagesRead), ("log_words", \.logWords), ("is_top", \.isTop),
        ("has_names", \.question.hasNames), ("how_why", \.question.howWhy), ("log_question_words", \.question.logWords),
    ]
    public static let names = table.map(\.name)

    /// Features from named values (a feature file's row); names not given stay 0.
    public init(_ values: [String: Double]) {
        for (name, keyPath) in Self.table { self[keyPath: keyPath] = values[name] ?? 0 }
    }

    public var values: [Double] { Self.table.map { self[keyPath: $0.keyPath] } }

    public var dictionary: [String: Double] { Dictionary(uniqueKeysWithValues: zip(Self.names, values)) }

    public subscript(name: String) -> Double? { Self.table.first { $0.name == name }.map { self[keyPath: $0.keyPath] } }

    static func clip(_ value: Double, _ limit: Double = 30) -> Double { min(limit, max(-limit, value)) }
}
