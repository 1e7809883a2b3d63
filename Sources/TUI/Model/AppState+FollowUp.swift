import Answering
import Documents
import Foundation
import Retrieval

/// Follow-ups: after an answer, the next question is asked after it; the session makes it a
/// follow-up when it leans on context ("What were its side effects?": `ContextLeaning`), and the
/// status line then says so. A question that starts with `!` is asked afresh.
extension AppState {
    /// The marker that asks a question afresh.
    static let freshMarker: Character = "!"

    /// The question to ask and what it is asked after: `!` asks afresh (the marker dropped);
    /// otherwise the last answered question, if any.
    func questionAndPrevious(_ typed: String) -> (question: String, after: PreviousQuestion?) {
        guard typed.first == Self.freshMarker else { return (typed, previousQuestion) }
        return (String(typed.dropFirst()).trimmingCharacters(in: .whitespaces), nil)
    }

    /// The status line of answers that followed up on an earlier question.
    static func followingUpLine(_ previous: PreviousQuestion) -> String {
        let question = ControlCharacters.spaced(previous.question)
        let short = question.count > 60 ? String(question.prefix(59)) + "…" : question
        return "following up on “\(short)” (start with ! to ask afresh)"
    }
}
