/// The kinds of file AlbertQA reads, chosen by extension.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case text, markdown, restructuredText = "rst", html, pdf
    /// ZIP containers of XML: Word, OpenDocument text, PowerPoint, EPUB.
    case docx, odt, pptx, epub
    /// Plain-text kinds, read as text: org-mode, XML's text content, JSON and NDJSON as
    /// `key.path: value` lines, YAML, logs.
    case org, xml, json, ndjson, yaml, log

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
        case "org": self = .org
        case "xml": self = .xml
        case "json": self = .json
        case "ndjson", "jsonl": self = .ndjson
        case "yaml", "yml": self = .yaml
        case "log": self = .log
        default: return nil
        }
    }
}

extension DocumentFormat {
    /// The file extensions read, for messages ("formats read: …").
    public static let readableExtensions = ".txt .md .rst .html .pdf .docx .odt .pptx .epub .org .xml .json .ndjson .yaml .log"
}
