/// The kinds of file AlbertQA reads, chosen by extension.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case text, markdown, restructuredText = "rst", html, pdf
    /// ZIP containers of XML: Word, OpenDocument text, PowerPoint, EPUB.
    case docx, odt, pptx, epub
    /// Mail: one message (RFC 5322 + MIME), a mailbox of them (mbox).
    case eml, mbox

    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "txt", "text": self = .text
        case "md", "markdown": self = .markdown
        case "rst": self = .restructuredText
        case "html", "htm", "xhtml": self = .html
        case "pdf": self = .pdf
        case "docx": self = .docx
        case "odt": self = .odt
        case "pptx": self = .pptx
        case "epub": self = .epub
        case "eml": self = .eml
        case "mbox": self = .mbox
        default: return nil
        }
    }
}

extension DocumentFormat {
    /// The file extensions read, for messages ("formats read: …").
    public static let readableExtensions = ".txt .md .rst .html .pdf .docx .odt .pptx .epub .eml .mbox"

    /// By the file's name: its extension, or a whole name that says what it is (mail
    /// programs name their mailboxes "mbox", with no extension: Thunderbird's exports,
    /// Apple Mail's `Name.mbox/mbox`, Google Takeout's are ".mbox").
    public init?(fileName: String) {
        if fileName.lowercased() == "mbox" {
            self = .mbox
            return
        }
        let dot = fileName.lastIndex(of: ".")
        guard let dot, dot > fileName.startIndex else { return nil }
        self.init(pathExtension: String(fileName[fileName.index(after: dot)...]))
    }
}
