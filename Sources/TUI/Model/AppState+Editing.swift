import Foundation

/// The question line: typing, the length cap, the history of questions, and asking.
extension AppState {
    /// Enter: asks the question on the line (recorded in the history).
    public mutating func ask() -> [Effect] {
        let question = editor.text.trimmingCharacters(in: .whitespaces)
        guard !question.isEmpty else { return [] }
        history.record(question)
        return [.ask(question)]
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
    mutating func showOlderQuestion() {
        if let entry = history.older(current: editor.text) { editor.set(entry) }
    }

    /// ↓ in the question line.
    mutating func showNewerQuestion() {
        if let entry = history.newer() { editor.set(entry) }
    }
}
