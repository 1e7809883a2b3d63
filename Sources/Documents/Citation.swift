/// How a place in a document is written for people, the same in both front ends: the CLI's
/// answer lines and the interface's copied citations. Text documents are cited as editors and
/// compilers write places, `path:line:column`; a paged document (a PDF) by page, `path p. N`,
/// because its lines are those of the extracted text, while its pages are what a reader finds.
/// A place in a table adds its cell as a spreadsheet names it: `stock.xlsx:5:25 Stock!B3`.
public enum Citation {
    /// `path:line:column`, or `path p. N` for a paged document; the path alone when the place
    /// is not known; then ` cell` for a place in a table (`TableRowPlace.cellName`). `path` is
    /// written as given (relative or under a folder); whether it is paged is read from its
    /// extension.
    public static func text(path: String, position: TextPosition?, cell: String? = nil) -> String {
        guard let position else { return path + cellSuffix(cell) }
        return path + suffix(position, paged: DocumentFormat.isPaged(path: path), cell: cell)
    }

    /// What follows the path: `:line:column`, or ` p. N` when paged; then ` cell`.
    public static func suffix(_ position: TextPosition, paged: Bool, cell: String? = nil) -> String {
        (paged ? " p. \(position.page)" : ":\(position.line):\(position.column)") + cellSuffix(cell)
    }

    /// ` Stock!B3`, or nothing outside a table. A sheet's name comes from the document: its
    /// control characters are shown as symbols.
    public static func cellSuffix(_ cell: String?) -> String {
        guard let cell, !cell.isEmpty else { return "" }
        return " " + ControlCharacters.spaced(cell)
    }
}
