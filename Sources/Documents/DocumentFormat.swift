/// The kinds of file AlbertQA reads, chosen by extension.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case text, markdown, restructuredText = "rst", html, pdf

    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "txt", "text": self = .text
        case "md", "markdown": self = .markdown
        case "rst": self = .restructuredText
        case "html", "htm", "xhtml": self = .html
        case "pdf": self = .pdf
        default: return nil
        }
    }
}
