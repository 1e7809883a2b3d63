import Albert
import Documents
import Foundation
import Retrieval
import Synchronization

/// One span the reader proposed, placed in the folder.
struct AnswerCandidate: Sendable, Equatable {
    var text: String
    /// span − the passage's null score (+ the BM25 blend).
    var score: Float
    /// start + end logits of the span.
    var spanScore: Float
    var location: AnswerLocation
    var context: String
    var contextRange: Range<Int>
    /// Retrieval rank of the passage it came from (0 = best).
    var passage: Int
}

/// What the calibration needs to know about a passage that was read.
struct PassageFacts: Sendable, Equatable {
    /// Fraction of the question's search terms found in the passage.
    var coverage: Double
}

/// Gathers the reader's spans from every passage and keeps them merged and ranked.
/// Thread-safe: passages may finish in any order on any thread.
final class CandidateCollector: Sendable {
    private struct State {
        var candidates: [AnswerCandidate] = []
        var passages: [Int: PassageFacts] = [:]
        var read = 0
    }

    private let question: String
    private let questionTerms: Set<String>
    private let form: QuestionForm
    private let total: Int
    private let options: AnsweringOptions
    private let calibration: AnswerCalibration?
    private let state = Mutex(State())

    init(question: String, total: Int, options: AnsweringOptions, calibration: AnswerCalibration? = nil) {
        self.question = question
        questionTerms = Set(QueryBuilder.terms(question))
        form = QuestionForm(question)
        self.total = total
        self.options = options
        self.calibration = calibration
    }

    /// The reader's answers for the passage of retrieval rank `rank`.
    func add(_ result: ReaderResult, from hit: PassageHit, rank: Int, blend: Float) {
        // A NaN or infinite score (broken weights, an absurd --bm25-weight) is dropped: it
        // would rank nowhere sensible and print as "nan%".
        let new = result.answers.filter { ($0.score - result.nullScore + blend).isFinite }.map { span in
            let start = hit.range.lowerBound + span.range.lowerBound
            let row = hit.tableRows.row(containing: start)
            return AnswerCandidate(
                text: span.text, score: span.score - result.nullScore + blend, spanScore: span.score,
                location: AnswerLocation(documentPath: hit.documentPath, range: start..<hit.range.lowerBound + span.range.upperBound,
                                         cell: row?.cellName(at: start), row: row?.range),
                context: hit.text, contextRange: span.range, passage: rank
            )
        }
        let passageTerms = Set(QueryBuilder.terms(hit.text))
        let coverage = questionTerms.isEmpty ? 0 : Double(questionTerms.intersection(passageTerms).count) / Double(questionTerms.count)
        state.withLock {
            $0.candidates += new
            $0.passages[rank] = PassageFacts(coverage: coverage)
            $0.read += 1
        }
    }

    /// Adds candidates directly (one passage read), for tests of the merge.
    func addForTesting(_ candidates: [AnswerCandidate]) {
        state.withLock {
            $0.candidates += candidates
            $0.read += 1
        }
    }

    /// The current ranking (see `rank`).
    func snapshot(seconds: Double) -> AnswerSet {
        let (candidates, passages, read) = state.withLock { ($0.candidates, $0.passages, $0.read) }
        let answers = Self.rank(candidates, passages: passages, passagesRead: read, noAnswerThreshold: -(options.nullThreshold ?? 0),
                                calibration: calibration, question: form)
        let found: Bool
        if let calibration {
            found = (answers.first?.confidence ?? 0) >= calibration.notFoundThreshold
        } else {
            found = !answers.allSatisfy(\.belowNullScore)
        }
        var set = AnswerSet(question: question, answers: Array(answers.prefix(options.answers)),
                            passagesRead: read, passagesTotal: total, seconds: seconds, found: found)
        set.notFoundThreshold = calibration?.notFoundThreshold
        return set
    }

    /// Candidates → places → answers, best first.
    ///
    /// 1. **One answer per place.** Candidates are taken best first; one that overlaps a place
    ///    already formed (the union of its members' ranges) joins it — the place whose best span
    ///    it overlaps if any, else the best-scoring one — and otherwise starts a new place. So
    ///    "Nairobi", "capital city, Nairobi" and "city, Nairobi" are one place shown as its best
    ///    span, while a long low-scoring span bridging "Denver Broncos" and "Carolina Panthers"
    ///    joins one of them instead of fusing two real alternatives. The places' best spans
    ///    never overlap: each started outside every earlier place.
    /// 2. **Its score combines its variants**: log-sum-exp of the members' span − null scores
    ///    within each passage — the variants are disjoint events of one window's span
    ///    distribution, so their probabilities add, and exp(span − null) is a span's probability
    ///    relative to "no answer" — then the best passage's sum (two passages that overlap read
    ///    the same words twice; their sums are two estimates of one thing, not more evidence).
    /// 3. **The same text at different places is one answer** listing every place, best first,
    ///    scored by its best place; how many places and passages agree is a calibration feature.
    /// 4. The probability comes from `calibration` (features in `AnswerFeatures`), else it is the
    ///    softmax share. The first answer is the best-scoring one whatever the calibration (refit
    ///    for each model) says; the others follow by probability.
    static func rank(
        _ candidates: [AnswerCandidate], passages: [Int: PassageFacts], passagesRead: Int, noAnswerThreshold: Float = 0,
        calibration: AnswerCalibration?, question: QuestionForm = QuestionForm()
    ) -> [Answer] {
        let merged = mergedByText(places(of: candidates))
        let maxScore = merged.first?.score ?? 0
        let sum = merged.reduce(0.0) { $0 + exp($1.score - maxScore) }
        let answers: [Answer] = merged.enumerated().map { rank, answer in
            let best = answer.places[0].place.best
            let features = features(of: answer, rank: rank, among: merged, maxScore: maxScore, sum: sum, passages: passages,
                                    passagesRead: passagesRead, question: question)
            var result = Answer(text: best.text, score: Float(answer.score), confidence: features.share,
                                locations: answer.places.map(\.place.best.location), context: best.context,
                                contextRange: best.contextRange, belowNullScore: Float(answer.score) < noAnswerThreshold)
            result.share = features.share
            result.passageRank = best.passage
            result.features = features
            if let calibration {
                result.confidence = calibration.probability(features)
                result.isCalibrated = true
            }
            return result
        }
        guard calibration != nil, answers.count > 1 else { return answers }
        // Listed by probability, the first answer included, so that the list reads in the order
        // of the percentages it shows and "not found" means no answer reaches the threshold.
        // Keeping the reader's best first showed a runner-up more probable than the first answer
        // in 2 of 3 "not found" lists (10 % first, 12 % second) and in 1.4 % of the others; on the
        // calibration hold-out (Scripts/fit-calibration.py, which judges the same first answer)
        // the most probable first gives 63.8 / 62.5 % right first answers against the reader's
        // best first 63.4 / 62.9 % (hybrid / BM25 rows). `isTop` stays the reader's best: the
        // features are what the calibration was fit on.
        return answers.enumerated().sorted {
            $0.element.confidence != $1.element.confidence ? $0.element.confidence > $1.element.confidence : $0.offset < $1.offset
        }.map(\.element)
    }

    /// Overlapping candidates of one document (`rank`, step 1).
    struct Place {
        var best: AnswerCandidate
        var members: [AnswerCandidate]
        var extent: Range<Int>
        /// Step 2: the best passage's log-sum-exp of its members' scores.
        var score: Double {
            var byPassage: [Int: [Double]] = [:]
            for member in members { byPassage[member.passage, default: []].append(Double(member.score)) }
            return byPassage.values.map(CandidateCollector.logSumExp).max() ?? -.infinity
        }
    }

    /// Places with the same text (`rank`, step 3), best first, with their scores.
    struct Merged {
        var places: [(place: Place, score: Double)]
        var score: Double { places[0].score }
    }

    /// Step 1: the candidates, best first, grouped into places.
    static func places(of candidates: [AnswerCandidate]) -> [Place] {
        // Best first; ties broken by place so that reading order (threads) never changes the result.
        let ordered = candidates.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.location.documentPath != $1.location.documentPath { return $0.location.documentPath < $1.location.documentPath }
            if $0.location.range.lowerBound != $1.location.range.lowerBound { return $0.location.range.lowerBound < $1.location.range.lowerBound }
            if $0.location.range.upperBound != $1.location.range.upperBound { return $0.location.range.upperBound < $1.location.range.upperBound }
            return $0.passage < $1.passage
        }
        var places: [Place] = []
        for candidate in ordered {
            let range = candidate.location.range
            let overlapping = places.indices.filter {
                places[$0].best.location.documentPath == candidate.location.documentPath && places[$0].extent.overlaps(range)
            }
            // Places were created best first, so the first index is the best-scoring one.
            if let target = overlapping.first(where: { places[$0].best.location.range.overlaps(range) }) ?? overlapping.first {
                places[target].members.append(candidate)
                places[target].extent = min(places[target].extent.lowerBound, range.lowerBound)..<max(places[target].extent.upperBound, range.upperBound)
            } else {
                places.append(Place(best: candidate, members: [candidate], extent: range))
            }
        }
        return places
    }

    /// Step 3: places with the same text (`mergeKey`) as one answer, best-scoring first.
    static func mergedByText(_ places: [Place]) -> [Merged] {
        var merged: [Merged] = []
        var byKey: [String: Int] = [:]
        for (place, score) in places.map({ ($0, $0.score) }).sorted(by: { $0.1 > $1.1 }) {
            let key = mergeKey(place.best.text)
            if let i = byKey[key] {
                merged[i].places.append((place, score))
            } else {
                byKey[key] = merged.count
                merged.append(Merged(places: [(place, score)]))
            }
        }
        return merged
    }

    /// The calibration features of the answer at `rank` among `merged` (`AnswerFeatures`);
    /// `maxScore` and `sum` are the softmax's over all of them.
    static func features(of answer: Merged, rank: Int, among merged: [Merged], maxScore: Double, sum: Double,
                         passages: [Int: PassageFacts], passagesRead: Int, question: QuestionForm) -> AnswerFeatures {
        let best = answer.places[0].place.best
        var features = AnswerFeatures()
        features.margin = AnswerFeatures.clip(answer.score)
        let others = merged.indices.filter { $0 != rank }.map { merged[$0].score }
        features.gap = others.max().map { AnswerFeatures.clip(answer.score - $0) } ?? 30
        features.share = exp(answer.score - maxScore) / sum
        features.spanScore = AnswerFeatures.clip(Double(best.spanScore))
        features.logPlaces = log(Double(answer.places.count))
        let supporting = Set(answer.places.flatMap { $0.place.members.map(\.passage) })
        features.support = Double(supporting.count) / Double(max(passagesRead, 1))
        features.logPassageRank = log(1 + Double(best.passage))
        features.coverage = passages[best.passage]?.coverage ?? 0
        features.logPassagesRead = log(Double(max(passagesRead, 1)))
        features.logWords = log(Double(max(1, best.text.split(whereSeparator: { $0.isWhitespace }).count)))
        features.isTop = rank == 0 ? 1 : 0
        features.question = question
        return features
    }

    static func logSumExp(_ values: [Double]) -> Double {
        guard let top = values.max(), top.isFinite else { return values.max() ?? -.infinity }
        return top + log(values.reduce(0) { $0 + exp($1 - top) })
    }

    /// Answers that differ only in case, surrounding punctuation or spacing are the same answer.
    static func mergeKey(_ text: String) -> String {
        text.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            .trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
    }
}
