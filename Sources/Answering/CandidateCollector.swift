import Albert
import Documents
import Foundation
import Retrieval

/// Gathers the reader's spans from every passage and keeps them merged and ranked.
/// Thread-safe: passages may finish in any order on any thread.
final class CandidateCollector: @unchecked Sendable {
    private struct Candidate {
        var text: String
        var score: Float
        var location: AnswerLocation
        var context: String
        var contextRange: Range<Int>
        var belowNull: Bool
    }

    private let question: String
    private let total: Int
    private let options: AnsweringOptions
    private let lock = NSLock()
    private var candidates: [Candidate] = []
    private var read = 0

    init(question: String, total: Int, options: AnsweringOptions) {
        self.question = question
        self.total = total
        self.options = options
    }

    func add(_ result: ReaderResult, from hit: PassageHit, blend: Float) {
        let new = result.answers.map { span in
            let relative = span.score - result.nullScore
            return Candidate(
                text: span.text, score: relative + blend,
                location: AnswerLocation(documentPath: hit.documentPath,
                                         range: hit.range.lowerBound + span.range.lowerBound..<hit.range.lowerBound + span.range.upperBound),
                context: hit.text, contextRange: span.range, belowNull: relative < options.noAnswerThreshold
            )
        }
        lock.lock()
        candidates += new
        read += 1
        lock.unlock()
    }

    /// The current ranking: candidates with the same normalised text merge into one answer
    /// (best score, every distinct location); confidence is a softmax over the merged scores.
    func snapshot(seconds: Double) -> AnswerSet {
        lock.lock()
        let all = candidates
        let passagesRead = read
        lock.unlock()
        var merged: [String: Answer] = [:]
        var order: [String] = []
        for candidate in all.sorted(by: { $0.score > $1.score }) {
            let key = Self.mergeKey(candidate.text)
            if var answer = merged[key] {
                // A location overlapping one already listed is the same place (e.g. "2021" and "2021.").
                let samePlace = answer.locations.contains {
                    $0.documentPath == candidate.location.documentPath && $0.range.overlaps(candidate.location.range)
                }
                if !samePlace { answer.locations.append(candidate.location) }
                merged[key] = answer
                continue
            }
            order.append(key)
            merged[key] = Answer(text: candidate.text, score: candidate.score, confidence: 0, locations: [candidate.location],
                                 context: candidate.context, contextRange: candidate.contextRange, belowNullScore: candidate.belowNull)
        }
        var answers = order.map { merged[$0]! }
        let maxScore = answers.first.map { Double($0.score) } ?? 0
        let sum = answers.reduce(0.0) { $0 + exp(Double($1.score) - maxScore) }
        for i in answers.indices { answers[i].confidence = exp(Double(answers[i].score) - maxScore) / sum }
        return AnswerSet(question: question, answers: Array(answers.prefix(options.answers)),
                         passagesRead: passagesRead, passagesTotal: total, seconds: seconds)
    }

    /// Answers that differ only in case, surrounding punctuation or spacing are the same answer.
    static func mergeKey(_ text: String) -> String {
        text.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }
}
