import Foundation

/// A document's text as AlbertQA indexes and shows it. All offsets (passages, answers,
/// highlights) are Unicode-scalar offsets into `text`.
public struct LoadedDocument: Sendable, Equatable {
    public var file: DocumentFile
    public var text: String
    /// Invalid UTF-8 was replaced with U+FFFD.
    public var lossy: Bool
    /// The document's title: its metadata or markup title, its first heading, or else its
    /// file name.
    public var title: String
    /// Its headings, for the section path of each passage.
    public var headings: [DocumentHeading]

    public init(file: DocumentFile, text: String, lossy: Bool, title: String? = nil, headings: [DocumentHeading] = []) {
        self.file = file
        self.text = text
        self.lossy = lossy
        self.headings = headings
        // One line without control characters: titles come from documents and are shown.
        let cleaned = title.map { String(String.UnicodeScalarView($0.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\n" || $0 == "\t" }))
            .split(whereSeparator: \.isWhitespace).joined(separator: " ") } ?? ""
        self.title = cleaned.isEmpty ? (headings.first?.text ?? Self.fileTitle(file.relativePath)) : String(cleaned.prefix(300))
    }

    /// "Super Bowl 50" for "sports/Super_Bowl_50.txt".
    public static func fileTitle(_ relativePath: String) -> String {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        let stem = name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : name
        let spaced = stem.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
        return spaced.isEmpty ? name : spaced
    }
}

/// Reads one file into text by its format. Documents are only ever read, never written.
public enum DocumentLoader {
    public enum Outcome: Sendable {
        case loaded(LoadedDocument)
        case skipped(SkippedFile)
    }

    public static func load(_ file: DocumentFile) -> Outcome {
        switch file.format {
        case .pdf: return loadPDF(file)
        case .docx, .odt, .pptx, .epub: return loadOffice(file)
        default: break
        }
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .unreadable,
                                        detail: FileManager.default.fileExists(atPath: file.url.path) ? "permission denied or I/O error" : "vanished"))
        }
        switch TextDecoding.decode(data) {
        case .binary:
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .binary, detail: nil))
        case let .text(raw, lossy):
            let structured: StructuredText
            switch file.format {
            case .html: structured = HTMLText.extractStructured(raw)
            case .markdown: structured = StructuredText(text: raw, headings: MarkupHeadings.markdown(raw))
            case .restructuredText: structured = StructuredText(text: raw, headings: MarkupHeadings.restructuredText(raw))
            default: structured = StructuredText(text: raw)
            }
            if structured.text.allSatisfy(\.isWhitespace) {
                return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty, detail: nil))
            }
            return .loaded(LoadedDocument(file: file, text: structured.text, lossy: lossy, title: structured.title, headings: structured.headings))
        }
    }

    /// .docx, .odt, .pptx, .epub: ZIP containers read within limits (see `ZipArchive.Limits`).
    static func loadOffice(_ file: DocumentFile) -> Outcome {
        let structured: StructuredText
        do {
            structured = try OfficeText.extract(file.url, format: file.format)
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
        return .loaded(LoadedDocument(file: file, text: structured.text, lossy: lossy, title: structured.title, headings: structured.headings))
    }

    /// Where pdftotext is, if installed.
    public static let pdftotextPath: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/pdftotext" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `pdftotext -raw` keeps the content stream's order, which is reading order for most
    /// PDFs; `-layout` pads multi-column pages into side-by-side lines and splits sentences.
    static func loadPDF(_ file: DocumentFile) -> Outcome {
        guard let pdftotext = pdftotextPath else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .pdftotextMissing,
                                        detail: "install poppler-utils to index PDFs"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext)
        process.arguments = ["-raw", "-enc", "UTF-8", "-q", file.url.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do {
            try process.run()
        } catch {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .unreadable, detail: "pdftotext failed to start"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .unreadable, detail: "pdftotext exit \(process.terminationStatus)"))
        }
        guard case let .text(raw, lossy) = TextDecoding.decode(data) else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .binary, detail: nil))
        }
        // Form feeds separate pages; make them paragraph breaks.
        let text = raw.replacingOccurrences(of: "\u{0C}", with: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty, detail: "no text layer"))
        }
        return .loaded(LoadedDocument(file: file, text: text, lossy: lossy, title: pdfTitle(file)))
    }

    /// The PDF's metadata title (`pdfinfo`), when it has a meaningful one.
    static func pdfTitle(_ file: DocumentFile) -> String? {
        guard let pdfinfo = pdftotextPath.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("pdfinfo").path }),
              FileManager.default.isExecutableFile(atPath: pdfinfo) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdfinfo)
        process.arguments = ["-enc", "UTF-8", file.url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Title:") }
        let title = line.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? ""
        // Word processors often leave "untitled" or the source file's name ("Microsoft Word - x.doc").
        let lower = title.lowercased()
        if title.isEmpty || lower == "untitled" || lower.hasSuffix(".doc") || lower.hasSuffix(".docx") || lower.hasPrefix("microsoft word") { return nil }
        return title.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) ? title : nil
    }
}
