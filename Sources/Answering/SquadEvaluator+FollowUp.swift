import Foundation
import Retrieval

/// `eval --follow-up`: each question asked right after another question of the same document,
/// as a reader of that document would ask it, and scored both ways — asked afresh (plain) and as
/// the session asks a follow-up (`AnsweringSession.followUp`: only questions that lean on
/// context lean on the previous one) — over all questions, the context-leaning ones and the rest.
extension SquadEvaluator {
    /// The questions a follow-up result is split into.
    public enum FollowUpSubset: String, Sendable, CaseIterable {
        case all
        /// Questions that lean on context (`ContextLeaning`).
        case contextLeaning = "context-leaning"
        case others
    }

    /// Retrieval recall, plain and as follow-ups, per subset.
    public struct FollowUpRecall: Sendable {
        public var plain: [FollowUpSubset: RecallEvaluation]
        public var followUp: [FollowUpSubset: RecallEvaluation]
        /// Questions asked as follow-ups (context-leaning ones with another question of their document).
        public var followedUp = 0
        public var seconds = 0.0
    }

    /// Open EM/F1, plain and as follow-ups, per subset.
    public struct FollowUpAnswers: Sendable {
        public var plain: [FollowUpSubset: SquadEvaluation]
        public var followUp: [FollowUpSubset: SquadEvaluation]
        public var followedUp = 0
        public var seconds = 0.0
    }

    /// For each question, the one it is asked after: the question before it in the same
    /// document (file order), the first of a document after its last; nil for a document's only
    /// question. Deterministic, so that every run pairs alike.
    public static func followUpPartners(documents: [String?]) -> [Int?] {
        var byDocument: [String: [Int]] = [:]
        for (i, document) in documents.enumerated() { if let document { byDocument[document, default: []].append(i) } }
        var partners = [Int?](repeating: nil, count: documents.count)
        for members in byDocument.values where members.count > 1 {
            for (position, i) in members.enumerated() { partners[i] = members[(position + members.count - 1) % members.count] }
        }
        return partners
    }

    /// Recall@k of retrieval alone, each question asked afresh and after its partner (the
    /// partner's document: that of its first retrieved passage, what a reader would have seen).
    public static func followUpRecall(
        dataset: SquadDataset, workFolder: URL, k: Int, limit: Int? = nil, setup: OpenSetup = .init(),
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> FollowUpRecall {
        let (session, known) = try openSession(dataset: dataset, workFolder: workFolder, setup: setup, answerer: nil)
        var locations = known
        let started = Date()
        let answerable = Array(dataset.questions.prefix(limit ?? .max)).filter { !$0.isImpossible }
        let questions = answerable.filter { !$0.answerStarts.isEmpty }
        guard !questions.isEmpty else {
            throw answerable.isEmpty ? AnsweringError.noAnswerableQuestion : AnsweringError.noUsableAnswerStart(answerable: answerable.count)
        }
        let found = try questions.map { try locations.locate($0.context, title: $0.title, index: session.index) }
        let partners = followUpPartners(documents: found.map { $0?.path })
        let empty = Dictionary(uniqueKeysWithValues: FollowUpSubset.allCases.map { ($0, RecallEvaluation(k: k)) })
        var result = FollowUpRecall(plain: empty, followUp: empty)
        var passagesOf: [String: [(id: Int64, range: Range<Int>)]] = [:]
        var plainHits: [Int: [PassageHit]] = [:]
        func plain(_ i: Int) throws -> [PassageHit] {
            if let hits = plainHits[i] { return hits }
            let hits = try session.search(questions[i].question, limit: k,
                                          scope: try scope(of: questions[i], setup.scoping, locations: &locations, index: session.index))
            plainHits[i] = hits
            return hits
        }
        for (i, question) in questions.enumerated() {
            progress?(i + 1, questions.count)
            guard let location = found[i] else {
                for subset in [FollowUpSubset.all, .others] { result.plain[subset]!.unlocated += 1; result.followUp[subset]!.unlocated += 1 }
                continue
            }
            if passagesOf[location.path] == nil { passagesOf[location.path] = try session.index.passageRanges(documentPath: location.path) }
            let gold = Set(question.answerStarts.flatMap { start in
                passagesOf[location.path]!.filter { $0.range.contains(location.offset + start) }.map(\.id)
            })
            let previous = try partners[i].map { PreviousQuestion(question: questions[$0].question, documentPath: try plain($0).first?.documentPath) }
            let leaning = try ContextLeaning.reason(question.question, in: session.index) != nil
            let scope = try scope(of: question, setup.scoping, locations: &locations, index: session.index)
            let asked = try plain(i)
            let following = try session.followUp(question.question, after: previous) != nil
            let followed = following ? try session.search(question.question, limit: k, scope: scope, after: previous) : asked
            if following { result.followedUp += 1 }
            for subset in [FollowUpSubset.all, leaning ? .contextLeaning : .others] {
                result.plain[subset]!.record(rank: asked.firstIndex { gold.contains($0.passageID) }.map { $0 + 1 })
                result.followUp[subset]!.record(rank: followed.firstIndex { gold.contains($0.passageID) }.map { $0 + 1 })
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Open EM/F1, each question answered afresh and after its partner (the partner's
    /// document: that of its best answer, as the interface follows up on what it showed).
    public static func followUpOpen(
        answerer: QuestionAnswerer, dataset: SquadDataset, workFolder: URL, limit: Int? = nil,
        setup: OpenSetup = .init(), progress: ((Int, Int) -> Void)? = nil
    ) throws -> FollowUpAnswers {
        let (session, known) = try openSession(dataset: dataset, workFolder: workFolder, setup: setup, answerer: answerer)
        var locations = known
        let started = Date()
        let questions = Array(dataset.questions.prefix(limit ?? .max))
        let v2 = dataset.hasUnanswerable
        let found = try questions.map { try locations.locate($0.context, title: $0.title, index: session.index) }
        let partners = followUpPartners(documents: found.map { $0?.path })
        func prediction(_ answers: AnswerSet) -> String {
            v2 && answers.noAnswerFound ? "" : answers.answers.first?.text ?? ""
        }
        // Every question asked afresh first: its own plain answer, and the partner of another.
        var plain: [AnswerSet] = []
        for (i, question) in questions.enumerated() {
            let scope = try scope(of: question, setup.scoping, locations: &locations, index: session.index)
            plain.append(try session.ask(question.question, scope: scope).set)
            progress?(i + 1, 2 * questions.count)
        }
        var followed: [String] = []
        var leaning: [Bool] = []
        var followedUp = 0
        for (i, question) in questions.enumerated() {
            let previous = partners[i].map { PreviousQuestion(plain[$0]) }
            leaning.append(try ContextLeaning.reason(question.question, in: session.index) != nil)
            if try session.followUp(question.question, after: previous) != nil {
                let scope = try scope(of: question, setup.scoping, locations: &locations, index: session.index)
                followed.append(prediction(try session.ask(question.question, scope: scope, after: previous).set))
                followedUp += 1
            } else {
                followed.append(prediction(plain[i]))
            }
            progress?(questions.count + i + 1, 2 * questions.count)
        }
        let seconds = Date().timeIntervalSince(started)
        func scored(_ predictions: [String]) -> [FollowUpSubset: SquadEvaluation] {
            var results: [FollowUpSubset: SquadEvaluation] = [:]
            for subset in FollowUpSubset.allCases {
                let chosen = questions.indices.filter { subset == .all || (subset == .contextLeaning) == leaning[$0] }
                results[subset] = score(chosen.map { questions[$0] }, chosen.map { predictions[$0] }, v2: v2, seconds: seconds)
            }
            return results
        }
        var result = FollowUpAnswers(plain: scored(plain.map(prediction)), followUp: scored(followed))
        result.followedUp = followedUp
        result.seconds = seconds
        return result
    }
}
