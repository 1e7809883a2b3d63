import Retrieval

/// What the state asks the application to do after a key.
public enum Effect: Equatable, Sendable {
    /// Ask a question within a scope, after the question answered before it (nil: afresh).
    case ask(String, scope: QuestionScope = .folder, after: PreviousQuestion? = nil)
    case cancel
    case reindex
    case loadFolder(String)
    /// Quit with this exit status (0 for q, 130 for Ctrl-C twice, as shells expect).
    case quit(status: Int32)
    case openEditor(AnswerPlace)
    case openPager(AnswerPlace)
    /// Put this text on the clipboard (OSC 52).
    case copy(String)
    case suspend
}
