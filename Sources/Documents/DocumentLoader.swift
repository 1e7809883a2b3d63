import Foundation

/// A document's text as AlbertQA indexes and shows it. All offsets (passages, answers,
/// highlights) are Unicode-scalar offsets into `text`.
public struct LoadedDocument: Sendable, Equatable {
    public var file: DocumentFile
    public var text: String
    /// Bytes without meaning (invalid UTF-8 where UTF-8 was declared, a NUL) were replaced
    /// with U+FFFD (see `TextDecoding`).
    public var lossy: Bool
    /// The charset the text was re-decoded from when its bytes were not UTF-8 and named no
    /// charset: "WINDOWS-1252", or "UTF-16LE" and the like recognised without a byte-order
    /// mark (`TextDecoding.Decoded.redecodedAs`). Nothing was lost, but it was a guess, so it
    /// is reported. nil for UTF-8, a byte-order mark or a declared charset.
    public var redecodedAs: String?
    /// The document's title: its metadata or markup title, its first heading, or else its
    /// file name.
    public var title: String
    /// Its headings, for the section path of each passage.
    public var headings: [DocumentHeading]
    /// What reading left out, said in the index report: "cut after 200,000 rows (the limit
    /// per file)". Empty for a document read whole.
    public var notes: [String]
    /// Pages (or images) read by OCR: slow to read again, so the index also fingerprints the
    /// file's bytes and a touched but identical file is not OCR'd again.
    public var ocrPages = 0
    /// The table rows in `text`, in order, with their cells (`TableRowPlace`).
    public var tableRows: [TableRowPlace] = []
    /// The message's 1-based position in its mbox, for a message of an mbox (each is a
    /// document of its own); nil for a document that is a whole file.
    public var message: Int?
    /// How the document is named (`DocumentName`): its path, or `inbox.mbox#3`.
    public var name: String { DocumentName.of(file.relativePath, message: message) }

    public init(file: DocumentFile, text: String, lossy: Bool, redecodedAs: String? = nil, title: String? = nil, headings: [DocumentHeading] = [],
                notes: [String] = []) {
        self.file = file
        self.text = text
        self.lossy = lossy
        self.redecodedAs = redecodedAs
        self.headings = headings
        self.notes = notes
        // One line without control characters: titles come from documents and are shown.
        let cleaned = title.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\n" || $0 == "\t" }))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ") } ?? ""
        self.title = cleaned.isEmpty ? (headings.first?.text ?? Self.fileTitle(file.relativePath)) : String(cleaned.prefix(300))
    }

    /// "Super Bowl 50" for "sports/Super_Bowl_50.txt".
    public static func fileTitle(_ relativePath: String) -> String {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        let stem = name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : name
        let spaced = stem.replacingOccurrences(of: "_", with: " ").split(separator: " ").joined(separator: " ")
        return spaced.isEmpty ? name : spaced
    }
}

/// Reads one file into text by its format. Documents are only ever read, never written.
/// Reading is bounded: a file larger than `maxBytes` is skipped as too large without being
/// read, and binary files are recognised from their first 8 kB, so a 2 GB sparse file costs one
/// `fstat` (or, under a raised limit, one 8 kB read) and no memory.
public enum DocumentLoader {
    public enum Outcome: Sendable {
        case loaded(LoadedDocument)
        /// An mbox: each message that holds text is a document of its own (`message` set).
        case mailbox([LoadedDocument])
        case skipped(SkippedFile)
    }

    /// The default text size limit per file (configurable: `albertqa index --max-file-mb`).
    /// 32 MB of text is about 5 million words, longer than any book; larger files are logs or
    /// data dumps, which cost memory and time to index and rarely answer questions.
    public static let defaultMaxFileBytes = 32 << 20

    /// Changes when an unchanged file may now read differently (a new charset rule, format or
    /// clean-up): an index made by another version reads every file once more; a document whose
    /// text came out the same keeps its passages and vectors. 2: charsets (Windows-1252,
    /// UTF-16/32 without a BOM, declarations), .org/.xml/.json/.ndjson/.yaml/.log, PDF hyphens.
    /// 3: Office containers read by their bytes (`OfficeContainerSniffer`).
    public static let extractionVersion = "3"

    public static func load(_ file: DocumentFile, maxBytes: Int = defaultMaxFileBytes, tools: ToolSettings = ToolSettings()) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        // Non-blocking, so that a file replaced by a FIFO since the walk cannot hang the open.
        let descriptor = file.path.open(O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            return skip(.unreadable, errno == ENOENT ? "vanished" : "permission denied or I/O error (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return skip(.unreadable, "not a regular file") }
        // The bytes win over the extension for Office containers (a .doc that is a ZIP package,
        // an .xlsx that is an OLE file: encrypted, or a legacy file misnamed).
        var file = file
        switch OfficeContainerSniffer.verdict(file.format, descriptor: descriptor) {
        case .asNamed: break
        case let .readAs(format): file.format = format
        case .encrypted: return skip(.encrypted, "a password-protected Office file")
        }
        switch file.format.reading {
        case .pdf: return loadPDF(file, descriptor: descriptor, maxBytes: maxBytes, tools: tools)
        case .officeContainer: return loadOffice(file, descriptor: descriptor, maxBytes: maxBytes)
        case .legacyTool: return loadLegacy(file, descriptor: descriptor, maxBytes: maxBytes, tools: tools)
        case .image: return loadImage(file, descriptor: descriptor, size: Int(status.st_size), maxBytes: maxBytes, tools: tools)
        case .mail: return loadMail(file, descriptor: descriptor, size: Int(status.st_size), maxBytes: maxBytes, tools: tools)
        case .text: break
        }
        if Int(status.st_size) > maxBytes { return skip(.tooLarge, tooLargeDetail(Int(status.st_size), maxBytes)) }

        var reader = BoundedReader(descriptor: descriptor)
        guard let prefix = reader.read(upTo: TextDecoding.sniffBytes) else { return skip(.unreadable, "I/O error") }
        if TextDecoding.isBinary(prefix) { return skip(.binary) }
        // The rest, bounded by the limit: a file that grew since `fstat` is still cut off.
        guard let rest = reader.read(upTo: maxBytes + 1 - prefix.count) else { return skip(.unreadable, "I/O error") }
        if prefix.count + rest.count > maxBytes { return skip(.tooLarge, tooLargeDetail(prefix.count + rest.count, maxBytes)) }
        let declared: Charset?
        switch file.format {
        case .html: declared = CharsetDeclaration.html(prefix)
        case .xml: declared = CharsetDeclaration.xmlProlog(prefix)
        default: declared = nil
        }
        switch TextDecoding.decode(prefix + rest, declared: declared) {
        case .binary:
            return skip(.binary)
        case let .text(decoded):
            let raw = decoded.text
            guard let structured = file.format.structure(raw, relativePath: file.relativePath, maxBytes: maxBytes) else {
                return skip(.tooLarge, String(format: "its text as key: value lines is over the %.0f MB limit per file", Double(maxBytes) / 1_048_576))
            }
            if structured.text.allSatisfy(\.isWhitespace) { return skip(.empty) }
            var document = LoadedDocument(file: file, text: structured.text, lossy: decoded.lossy, redecodedAs: decoded.redecodedAs,
                                          title: structured.title, headings: structured.headings, notes: structured.notes)
            document.tableRows = structured.tableRows
            return .loaded(document)
        }
    }

    /// .docx, .odt, .pptx, .epub, .xlsx, .ods: ZIP containers read within limits (see `ZipArchive.Limits`).
    /// The ZIP is read from the descriptor already open; its limits bound the text it unpacks
    /// (`maxBytes` included).
    static func loadOffice(_ file: DocumentFile, descriptor: Int32, maxBytes: Int) -> Outcome {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var limits = ZipArchive.Limits()
        limits.maxEntryBytes = min(limits.maxEntryBytes, maxBytes)
        var structured: StructuredText
        do {
            structured = try OfficeText.extract(descriptor: descriptor, format: file.format, limits: limits)
            // A workbook without a metadata title is its file's, not its first sheet's ("Sheet1").
            if file.format == .xlsx || file.format == .ods, structured.title == nil { structured.title = LoadedDocument.fileTitle(file.relativePath) }
        } catch {
            switch error {
            case let .tooLarge(why): return .skipped(SkippedFile(relativePath: file.relativePath, reason: .tooLarge, detail: why))
            case let .unreadable(why): return .skipped(SkippedFile(relativePath: file.relativePath, reason: .unreadable, detail: why))
            }
        }
        if structured.text.allSatisfy(\.isWhitespace) {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty, detail: nil))
        }
        let lossy = structured.text.unicodeScalars.contains("\u{FFFD}")
        var document = LoadedDocument(file: file, text: structured.text, lossy: lossy, title: structured.title, headings: structured.headings,
                                      notes: structured.notes)
        document.tableRows = structured.tableRows
        return .loaded(document)
    }

    static func tooLargeDetail(_ size: Int, _ limit: Int) -> String {
        String(format: "%.1f MB, over the %.0f MB limit per file", Double(size) / 1_048_576, Double(limit) / 1_048_576)
    }

    /// Where pdftotext is, if installed.
    public static var pdftotextPath: String? { ExternalTool.pdftotext.path }

    /// `pdftotext -raw` keeps the content stream's order, which is reading order for most
    /// PDFs; `-layout` pads multi-column pages into side-by-side lines and splits sentences.
    /// The PDF goes in on stdin (from the descriptor already open), so any file name works; its
    /// text output is bounded by `maxBytes`, its time by `tools.seconds`.
    static func loadPDF(_ file: DocumentFile, descriptor: Int32, maxBytes: Int, tools: ToolSettings) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        // pdftotext seeks in its input: a blocking descriptor of the file itself.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let result = ExternalTool.pdftotext.run(["-raw", "-enc", "UTF-8", "-", "-"], input: .descriptor(descriptor),
                                                limits: tools.limits(maxOutputBytes: maxBytes), cancellation: tools.cancellation)
        guard case let .output(data, _) = result else { return toolSkip(result, .pdftotext, file, maxBytes: maxBytes, tools: tools) }
        // Asked for UTF-8: bytes that are not are U+FFFD (lossy), not another charset.
        guard case let .text(decoded) = TextDecoding.decode(data, declared: Charset(named: "UTF-8")) else { return skip(.binary) }
        // Pages without a text layer (scans) are read by OCR when tesseract is installed.
        var pages = decoded.text.components(separatedBy: "\u{0C}")
        var lossy = decoded.lossy
        var ocrPages = 0
        if let scanned = ocrBlankPages(pages, descriptor: descriptor, maxBytes: maxBytes, tools: tools) {
            pages = scanned.pages
            lossy = lossy || scanned.lossy
            ocrPages = scanned.read
        }
        // Words hyphenated at line ends rejoined where the document shows the whole word
        // (`HyphenJoiner`); form feeds stay where they were, between the same words.
        let raw = HyphenJoiner.join(pages.joined(separator: "\u{0C}")).text
        // pdftotext ends every page with a form feed. They stay in the text, so a place's page
        // is 1 + the form feeds before it (`TextPosition`); a newline after each makes the page
        // break a paragraph break for the chunker. Only trailing space is trimmed: leading
        // form feeds (blank first pages) still count.
        var text = raw.replacingOccurrences(of: "\u{0C}", with: "\u{0C}\n")
        while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
        if text.allSatisfy(\.isWhitespace) {
            if !ExternalTool.tesseract.isInstalled { return skip(.needsOCR, needsOCRDetail("no text layer (a scan)")) }
            return skip(.empty, "no text layer, and OCR found no text")
        }
        var document = LoadedDocument(file: file, text: text, lossy: lossy, title: pdfTitle(descriptor: descriptor, tools: tools))
        document.ocrPages = ocrPages
        return .loaded(document)
    }

    /// The PDF's metadata title (`pdfinfo`), when it has a meaningful one.
    /// The PDF is handed over as stdin (the descriptor already open, rewound) and named
    /// /dev/stdin, since pdfinfo wants a file name.
    static func pdfTitle(descriptor: Int32, tools: ToolSettings) -> String? {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        guard case let .output(data, _) = ExternalTool.pdfinfo.run(["-enc", "UTF-8", "/dev/stdin"], input: .descriptor(descriptor),
                                                                   limits: tools.limits(maxOutputBytes: 1 << 20),
                                                                   cancellation: tools.cancellation) else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Title:") }
        let title = line.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? ""
        // Word processors often leave "untitled" or the source file's name ("Microsoft Word - x.doc").
        let lower = title.lowercased()
        if title.isEmpty || lower == "untitled" || lower.hasSuffix(".doc") || lower.hasSuffix(".docx") || lower.hasPrefix("microsoft word") { return nil }
        return title.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) ? title : nil
    }
}

/// Reads a descriptor in bounded amounts (never more than asked, whatever the file claims).
struct BoundedReader {
    let descriptor: Int32

    /// Up to `count` bytes (fewer at end of file); nil on an I/O error.
    mutating func read(upTo count: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(max(count, 0), 1 << 20))
        while bytes.count < count {
            let wanted = min(chunk.count, count - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN { usleep(1000); continue }
                return nil
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
        }
        return bytes
    }
}
