import Foundation

/// The question line: typing, the length cap, the history of questions, and asking.
extension AppState {
    /// Enter: asks the question on the line (recorded in the history with its scope) within
    /// the scope, after the last answered question (`!` first asks afresh).
    public mutating func ask() -> [Effect] {
        let (question, after) = questionAndPrevious(editor.text.trimmingCharacters(in: .whitespaces))
        guard !question.isEmpty else { return [] }
        history.record(question, scope: scope)
        return [.ask(question, scope: scope, after: after)]
    }

    /// An editing key in the question line (a key the table does not bind).
    mutating func editQuestion(_ key: Key) {
        guard editor.apply(key), editor.refusedForLength else { return }
        status = .error("the question is capped at \(Self.questionLimit) characters: the reader reads its first 64 tokens")
    }

    /// A letter typed while browsing: back to the question line, where it starts a new
    /// question (the asked one is cleared; a draft being edited is kept).
    mutating func startQuestion(with character: Character) {
        focus = .question
        if editor.text == askedQuestion { editor.set("") }
        _ = editor.apply(.character(character))
    }

    /// ↑ in the question line.
    /// A question from the history comes back with the scope it was asked in.
    mutating func showOlderQuestion() {
        if let entry = history.older(current: editor.text) { recall(entry) }
    }

    /// ↓ in the question line.
    mutating func showNewerQuestion() {
        if let entry = history.newer() { recall(entry) }
    }

    private mutating func recall(_ entry: String) {
        editor.set(entry)
        if let asked = history.scope(of: entry) { scope = asked }
    }
}
