/// The kinds of file AlbertQA reads, chosen by extension.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case text, markdown, restructuredText = "rst", html, pdf
    /// ZIP containers of XML: Word, OpenDocument text, PowerPoint, EPUB.
    case docx, odt, pptx, epub
    /// Tables: delimited text, and the spreadsheet ZIP containers (Excel, OpenDocument).
    case csv, tsv, xlsx, ods
    /// Legacy Office and RTF, read through Debian tools (antiword/catdoc, catppt, xls2csv,
    /// unrtf); scanned images, read by OCR (tesseract).
    case doc, ppt, xls, rtf, image
    /// Mail: one message (RFC 5322 + MIME), a mailbox of them (mbox), an Outlook message
    /// (read through msgconvert).
    case eml, mbox, msg
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
        // Tables (TableText): each row a paragraph under its column headers.
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "xlsx", "xlsm": self = .xlsx
        case "ods": self = .ods
        case "doc": self = .doc
        case "ppt", "pps": self = .ppt
        case "xls": self = .xls
        case "rtf": self = .rtf
        case "png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp", "gif", "pnm", "pbm", "pgm", "ppm": self = .image
        case "eml": self = .eml
        case "mbox": self = .mbox
        case "msg": self = .msg
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
    public static let readableExtensions = ".txt .md .rst .html .pdf .docx .odt .pptx .epub .csv .tsv .xlsx .ods .doc .ppt .xls .rtf"
        + " .eml .mbox .msg .org .xml .json .ndjson .yaml .log .png .jpg .tif .bmp .webp .gif (OCR)"

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
