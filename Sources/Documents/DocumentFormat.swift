/// The kinds of file AlbertQA reads, chosen by extension: the one table of formats. A format's
/// row says which extensions name it (`extensions`), how its bytes are read (`reading`), how
/// the text of a text format is structured (`structure`, in DocumentFormat+Structure.swift) and
/// whether its indexed text is the file's own text (`indexedTextIsFileText`). Adding a format is
/// its case and rows here, its reader's file and a test: messages (`readableExtensions`), the
/// loader's dispatch and the interface's editor rule follow from the table.
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
    /// Program source, read as text when the user opts in (`--source-code`, config
    /// `source_code = on`): in a folder of documents, code is mostly vendored libraries and
    /// build trees whose passages crowd out the documents' answers.
    case sourceCode = "source_code"

    /// The extensions that name the format (lower case, without the dot); the first is the one
    /// messages show.
    public var extensions: [String] {
        switch self {
        case .text: ["txt", "text"]
        case .markdown: ["md", "markdown"]
        case .restructuredText: ["rst"]
        case .html: ["html", "htm", "xhtml"]
        case .pdf: ["pdf"]
        case .docx: ["docx"]
        case .odt: ["odt"]
        case .pptx: ["pptx"]
        case .epub: ["epub"]
        // Tables (TableText): each row a paragraph under its column headers.
        case .csv: ["csv"]
        case .tsv: ["tsv", "tab"]
        case .xlsx: ["xlsx", "xlsm"]
        case .ods: ["ods"]
        case .doc: ["doc"]
        case .ppt: ["ppt", "pps"]
        case .xls: ["xls"]
        case .rtf: ["rtf"]
        case .image: ["png", "jpg", "jpeg", "tif", "tiff", "bmp", "webp", "gif", "pnm", "pbm", "pgm", "ppm"]
        case .eml: ["eml"]
        case .mbox: ["mbox"]
        case .msg: ["msg"]
        case .org: ["org"]
        case .xml: ["xml"]
        case .json: ["json"]
        case .ndjson: ["ndjson", "jsonl"]
        case .yaml: ["yaml", "yml"]
        case .log: ["log"]
        case .sourceCode: ["swift", "py", "go", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "m", "mm", "rs", "java", "kt", "kts", "scala",
                           "js", "mjs", "cjs", "ts", "tsx", "jsx", "rb", "php", "pl", "pm", "lua", "r", "jl", "cs", "fs", "vb", "sh",
                           "bash", "zsh", "fish", "ps1", "sql", "hs", "ml", "ex", "exs", "erl", "clj", "dart", "zig", "nim",
                           "cmake", "mk", "gradle", "groovy", "el", "vim", "proto", "toml", "ini", "cfg", "conf", "css", "scss"]
        }
    }

    /// Formats read only when the user asks (`sourceCode`).
    public var isOptIn: Bool { self == .sourceCode }

    /// How `DocumentLoader` reads a format's bytes.
    public enum Reading: Sendable {
        /// Text in some charset (`TextDecoding`), then `structure`.
        case text
        /// pdftotext, page by page; OCR for pages without a text layer.
        case pdf
        /// A ZIP container of XML (`OfficeText`, `SpreadsheetText`).
        case officeContainer
        /// A Debian tool (`LegacyText`).
        case legacyTool
        /// OCR (tesseract).
        case image
        /// Mail (`MailDocument`).
        case mail
    }

    public var reading: Reading {
        switch self {
        case .pdf: .pdf
        case .docx, .odt, .pptx, .epub, .xlsx, .ods: .officeContainer
        case .doc, .ppt, .xls, .rtf: .legacyTool
        case .image: .image
        case .eml, .mbox, .msg: .mail
        case .text, .markdown, .restructuredText, .html, .csv, .tsv, .org, .xml, .json, .ndjson, .yaml, .log, .sourceCode: .text
        }
    }

    /// Whether the indexed text is the file's own text, line for line (CRLF → LF), so that an
    /// editor opened at an answer's line lands on it. Extracted text (HTML, PDF, tables, JSON
    /// as lines, XML's text content) has lines of its own: the interface sends it to the pager.
    public var indexedTextIsFileText: Bool {
        switch self {
        case .text, .markdown, .restructuredText, .org, .yaml, .log, .sourceCode: true
        default: false
        }
    }

    /// A text format's decoded text as the loader indexes it: headings, title, tables as rows
    /// under their headers. `relativePath` is the file's in the folder, nil for text that is
    /// part of another document (a mail's attachment, whose name the mail already heads): a
    /// table then gets no title or section named after a file. nil when the structured text
    /// would pass `maxBytes` (JSON's `key: value` lines can be longer than the file).
    func structure(_ raw: String, relativePath: String?, maxBytes: Int) -> StructuredText? {
        switch self {
        case .html: return HTMLText.extractStructured(raw)
        case .markdown:
            let (text, rows) = MarkdownTables.renderWithRows(raw)  // pipe tables as rows with their headers
            var structured = StructuredText(text: text, headings: MarkupHeadings.markdown(text))
            structured.tableRows = rows
            return structured
        case .restructuredText: return StructuredText(text: raw, headings: MarkupHeadings.restructuredText(raw))
        case .org: return MarkupHeadings.org(raw)
        case .yaml: return StructuredText(text: raw, headings: MarkupHeadings.yaml(raw))
        case .xml: return XMLText.extract(raw)
        case .json, .ndjson:
            // Not JSON after all (a fragment, a template): its text as it is.
            do {
                return try JSONText.extract(raw, maxOutputBytes: maxBytes) ?? StructuredText(text: raw)
            } catch {
                return nil
            }
        case .csv, .tsv:
            var structured = DelimitedText.structured(raw, delimiter: self == .tsv ? 0x09 : nil,
                                                      fileName: relativePath.map { String($0.split(separator: "/").last ?? "") }, maxScalars: maxBytes)
            structured.title = relativePath.map(LoadedDocument.fileTitle)
            return structured
        default: return StructuredText(text: raw)
        }
    }

    private static let byExtension: [String: DocumentFormat] = Dictionary(
        allCases.flatMap { format in format.extensions.map { ($0, format) } }, uniquingKeysWith: { first, _ in first })

    /// The format an extension names; an opt-in format (source code) only when `optedIn`.
    public init?(pathExtension: String, optedIn: Bool = false) {
        guard let format = Self.byExtension[pathExtension.lowercased()], optedIn || !format.isOptIn else { return nil }
        self = format
    }
}

extension DocumentFormat {
    /// The file extensions read, for messages ("formats read: …"): each format's first
    /// extension, the images' common ones marked as read by OCR.
    public static let readableExtensions: String = {
        let ocr = ["png", "jpg", "tif", "bmp", "webp", "gif"]
        let named = allCases.filter { $0 != .image && !$0.isOptIn }.map { "." + $0.extensions[0] }
        return (named + ocr.map { "." + $0 }).joined(separator: " ") + " (OCR)"
    }()

    /// By the file's name: its extension, or a whole name that says what it is (mail
    /// programs name their mailboxes "mbox", with no extension: Thunderbird's exports,
    /// Apple Mail's `Name.mbox/mbox`, Google Takeout's are ".mbox").
    public init?(fileName: String, optedIn: Bool = false) {
        if fileName.lowercased() == "mbox" {
            self = .mbox
            return
        }
        let dot = fileName.lastIndex(of: ".")
        guard let dot, dot > fileName.startIndex else { return nil }
        self.init(pathExtension: String(fileName[fileName.index(after: dot)...]), optedIn: optedIn)
    }
}
