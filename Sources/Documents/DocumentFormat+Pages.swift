import Foundation

extension DocumentFormat {
    /// Whether the format's text is in pages: PDFs, whose text pdftotext ends page by page
    /// with a form feed (`TextPosition.page` counts them). Paged documents are cited by page
    /// (`Citation`), and `ask --json` gives their page, null for the others.
    public var isPaged: Bool { self == .pdf }

    /// Whether the document at `path` is paged, by its extension (any case).
    public static func isPaged(path: String) -> Bool {
        DocumentFormat(pathExtension: (path as NSString).pathExtension)?.isPaged ?? false
    }
}
