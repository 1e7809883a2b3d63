import Documents

/// One place of an answer, resolved for hand-off (editor, pager, clipboard).
public struct AnswerPlace: Equatable, Sendable {
    public var answerText: String
    /// Relative to the folder.
    public var documentPath: String
    public var range: Range<Int>
    public var position: TextPosition?

    /// `path:line:column`, or `path p. N` for a PDF (`path` as given): the CLI's form too.
    public func citation(path: String) -> String { Citation.text(path: path, position: position) }
}
