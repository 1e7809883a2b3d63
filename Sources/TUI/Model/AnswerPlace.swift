import Documents

/// One place of an answer, resolved for hand-off (editor, pager, clipboard).
public struct AnswerPlace: Equatable, Sendable {
    public var answerText: String
    /// Relative to the folder.
    public var documentPath: String
    public var range: Range<Int>
    public var position: TextPosition?
    /// The table cell of the place (`Stock!B3`), nil outside tables.
    public var cell: String?

    public init(answerText: String, documentPath: String, range: Range<Int>, position: TextPosition?, cell: String? = nil) {
        self.answerText = answerText
        self.documentPath = documentPath
        self.range = range
        self.position = position
        self.cell = cell
    }

    /// `path:line:column`, or `path p. N` for a PDF (`path` as given), then the cell in a table
    /// (`stock.xlsx:5:25 Stock!B3`): the CLI's form too.
    public func citation(path: String) -> String { Citation.text(path: path, position: position, cell: cell) }
}
