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
        default: return nil
        }
    }
}

extension DocumentFormat {
    /// The file extensions read, for messages ("formats read: …").
    public static let readableExtensions = ".txt .md .rst .html .pdf .docx .odt .pptx .epub .csv .tsv .xlsx .ods .doc .ppt .xls .rtf"
        + " .png .jpg .tif .bmp .webp .gif (OCR)"
}
