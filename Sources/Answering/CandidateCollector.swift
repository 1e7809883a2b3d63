import Albert
import Documents
import Foundation
import Retrieval
import Synchronization

/// Gathers the reader's spans from every passage and keeps them merged and ranked.
/// Thread-safe: passages may finish in any order on any thread.
final class CandidateCollector: Sendable {
    private struct Candidate: Sendable {
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
    /// Every passage's spans so far, and how many passages were read.
    private let gathered = Mutex<(candidates: [Candidate], read: Int)>(([], 0))

    init(question: String, total: Int, options: AnsweringOptions) {
        self.question = question
        self.total = total
        self.options = options
    }

    func add(_ result: ReaderResult, from hit: PassageHit, blend: Float) {
        // A NaN or infinite score (broken weights, an absurd --bm25-weight) is dropped: it
        // would rank nowhere sensible and print as "nan%".
        let new = result.answers.filter { ($0.score - result.nullScore + blend).isFinite }.map { span in
            let relative = span.score - result.nullScore
            return Candidate(
                text: span.text, score: relative + blend,
                location: AnswerLocation(documentPath: hit.documentPath,
                                         range: hit.range.lowerBound + span.range.lowerBound..<hit.range.lowerBound + span.range.upperBound),
                context: hit.text, contextRange: span.range, belowNull: relative < options.noAnswerThreshold
            )
        }
        gathered.withLock {
            $0.candidates += new
            $0.read += 1
        }
    }

    /// The current ranking: candidates with the same normalised text merge into one answer
    /// (best score, every distinct location); confidence is a softmax over the merged scores.
    func snapshot(seconds: Double) -> AnswerSet {
        let (all, passagesRead) = gathered.withLock { ($0.candidates, $0.read) }
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
