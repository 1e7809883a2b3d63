import Foundation

/// A document's text as AlbertQA indexes and shows it. All offsets (passages, answers,
/// highlights) are Unicode-scalar offsets into `text`.
public struct LoadedDocument: Sendable, Equatable {
    public var file: DocumentFile
    public var text: String
    /// Invalid UTF-8 was replaced with U+FFFD.
    public var lossy: Bool
}

/// Reads one file into text by its format. Documents are only ever read, never written.
public enum DocumentLoader {
    public enum Outcome: Sendable {
        case loaded(LoadedDocument)
        case skipped(SkippedFile)
    }

    public static func load(_ file: DocumentFile) -> Outcome {
        if file.format == .pdf { return loadPDF(file) }
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
            let text = file.format == .html ? HTMLText.extract(raw) : raw
            if text.allSatisfy(\.isWhitespace) {
                return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty, detail: nil))
            }
            return .loaded(LoadedDocument(file: file, text: text, lossy: lossy))
        }
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
        // pdftotext ends every page with a form feed. They stay in the text, so a place's page
        // is 1 + the form feeds before it (`TextPosition`); a newline after each makes the page
        // break a paragraph break for the chunker. Only trailing space is trimmed: leading
        // form feeds (blank first pages) still count.
        var text = raw.replacingOccurrences(of: "\u{0C}", with: "\u{0C}\n")
        while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
        if text.allSatisfy(\.isWhitespace) {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty, detail: "no text layer"))
        }
        return .loaded(LoadedDocument(file: file, text: text, lossy: lossy))
    }
}
