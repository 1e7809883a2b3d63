/// How a place in a document is written for people, the same in both front ends: the CLI's
/// answer lines and the interface's copied citations. Text documents are cited as editors and
/// compilers write places, `path:line:column`; a paged document (a PDF) by page, `path p. N`,
/// because its lines are those of the extracted text, while its pages are what a reader finds.
public enum Citation {
    /// `path:line:column`, or `path p. N` for a paged document; the path alone when the place
    /// is not known. `path` is written as given (relative or under a folder); whether it is
    /// paged is read from its extension.
    public static func text(path: String, position: TextPosition?) -> String {
        guard let position else { return path }
        return path + suffix(position, paged: DocumentFormat.isPaged(path: path))
    }

    /// What follows the path: `:line:column`, or ` p. N` when paged.
    public static func suffix(_ position: TextPosition, paged: Bool) -> String {
        paged ? " p. \(position.page)" : ":\(position.line):\(position.column)"
    }
}
