import Foundation
import Retrieval

/// Follow-up questions: one asked right after another that leans on context (`ContextLeaning`)
/// is searched with the previous answer's document and question (`FollowUpRetriever`). The one
/// place the rule is applied: `ask --after`, `eval --follow-up` and the interface come here.
extension AnsweringSession {
    /// `previous` when `question`, asked after it, is a follow-up (it leans on context and the
    /// settings' follow-up weights are not off); nil when it is asked afresh.
    public func followUp(_ question: String, after previous: PreviousQuestion?) throws -> PreviousQuestion? {
        guard let previous, !settings.followUp.isOff else { return nil }
        return try ContextLeaning.reason(question, in: index) == nil ? nil : previous
    }

    /// `base` (the retriever over the question's scope `within`) leaning on `previous`: its
    /// answer's document is searched too when it is in the scope.
    func followUpRetriever(_ base: any PassageRetriever, kind: RetrieverKind, scope within: PassageScope?,
                           previous: PreviousQuestion) throws -> FollowUpRetriever {
        var document: (any PassageRetriever)?
        if let path = previous.documentPath {
            let resolved = try index.resolve(.document(path))
            let inScope = resolved.documentIDs.filter { id in within.map { $0.documentIDs.contains(id) } ?? true }
            if !inScope.isEmpty {
                document = try retriever(kind, scope: PassageScope(documentIDs: inScope, passageIDs: resolved.passageIDs))
            }
        }
        var retriever = FollowUpRetriever(folder: base, document: document, previous: previous, weights: settings.followUp)
        retriever.depth = settings.fusion.depth
        return retriever
    }

    /// The retriever for `question` within `scope`, leaning on `previous` when it is a follow-up
    /// (`followingUp` says whether it did).
    func retriever(for question: String, kind: RetrieverKind, scope within: PassageScope?,
                   after previous: PreviousQuestion?) throws -> (retriever: any PassageRetriever, followingUp: PreviousQuestion?) {
        let base = try retriever(kind, scope: within)
        guard let following = try followUp(question, after: previous) else { return (base, nil) }
        return (try followUpRetriever(base, kind: kind, scope: within, previous: following), following)
    }
}

extension PreviousQuestion {
    /// `answers`' question and the document of its best answer (of its first passage when it has
    /// no answer).
    public init(_ answers: AnswerSet) {
        self.init(question: answers.question,
                  documentPath: answers.answers.first?.locations.first?.documentPath ?? answers.retrieved.first?.documentPath)
    }
}
