import Foundation

/// A document's text as AlbertQA indexes and shows it. All offsets (passages, answers,
/// highlights) are Unicode-scalar offsets into `text`.
public struct LoadedDocument: Sendable, Equatable {
    public var file: DocumentFile
    public var text: String
    /// Invalid UTF-8, or a NUL character, was replaced with U+FFFD (see `TextDecoding`).
    public var lossy: Bool
}

/// Reads one file into text by its format. Documents are only ever read, never written.
/// Reading is bounded: a file larger than `maxBytes` is skipped as too large without being
/// read, and binary files are recognised from their first 8 kB, so a 2 GB sparse file costs one
/// `fstat` (or, under a raised limit, one 8 kB read) and no memory.
public enum DocumentLoader {
    public enum Outcome: Sendable {
        case loaded(LoadedDocument)
        case skipped(SkippedFile)
    }

    /// The default text size limit per file (configurable: `albertqa index --max-file-mb`).
    /// 32 MB of text is about 5 million words, longer than any book; larger files are logs or
    /// data dumps, which cost memory and time to index and rarely answer questions.
    public static let defaultMaxFileBytes = 32 << 20

    public static func load(_ file: DocumentFile, maxBytes: Int = defaultMaxFileBytes) -> Outcome {
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
        if file.format == .pdf { return loadPDF(file, descriptor: descriptor, maxBytes: maxBytes) }
        if Int(status.st_size) > maxBytes { return skip(.tooLarge, tooLargeDetail(Int(status.st_size), maxBytes)) }

        var reader = BoundedReader(descriptor: descriptor)
        guard let prefix = reader.read(upTo: TextDecoding.sniffBytes) else { return skip(.unreadable, "I/O error") }
        if !TextDecoding.hasUTF16ByteOrderMark(prefix), TextDecoding.looksBinary(prefix) { return skip(.binary) }
        // The rest, bounded by the limit: a file that grew since `fstat` is still cut off.
        guard let rest = reader.read(upTo: maxBytes + 1 - prefix.count) else { return skip(.unreadable, "I/O error") }
        if prefix.count + rest.count > maxBytes { return skip(.tooLarge, tooLargeDetail(prefix.count + rest.count, maxBytes)) }
        switch TextDecoding.decode(prefix + rest) {
        case .binary:
            return skip(.binary)
        case let .text(raw, lossy):
            let text = file.format == .html ? HTMLText.extract(raw) : raw
            if text.allSatisfy(\.isWhitespace) { return skip(.empty) }
            return .loaded(LoadedDocument(file: file, text: text, lossy: lossy))
        }
    }

    static func tooLargeDetail(_ size: Int, _ limit: Int) -> String {
        String(format: "%.1f MB, over the %.0f MB limit per file", Double(size) / 1_048_576, Double(limit) / 1_048_576)
    }

    /// Where pdftotext is, if installed.
    public static let pdftotextPath: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/pdftotext" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `pdftotext -raw` keeps the content stream's order, which is reading order for most
    /// PDFs; `-layout` pads multi-column pages into side-by-side lines and splits sentences.
    /// The PDF goes in on stdin (from the descriptor already open), so any file name works; its
    /// text output is bounded by `maxBytes`.
    static func loadPDF(_ file: DocumentFile, descriptor: Int32, maxBytes: Int) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        guard let pdftotext = pdftotextPath else { return skip(.pdftotextMissing, "install poppler-utils to index PDFs") }
        // pdftotext seeks in its input: a blocking descriptor of the file itself.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdftotext)
        process.arguments = ["-raw", "-enc", "UTF-8", "-q", "-", "-"]
        let output = Pipe()
        process.standardInput = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do {
            try process.run()
        } catch {
            return skip(.unreadable, "pdftotext failed to start")
        }
        var reader = BoundedReader(descriptor: output.fileHandleForReading.fileDescriptor)
        let data = reader.read(upTo: maxBytes + 1) ?? []
        if data.count > maxBytes { process.terminate() }
        process.waitUntilExit()
        if data.count > maxBytes { return skip(.tooLarge, "its text is " + tooLargeDetail(data.count, maxBytes)) }
        guard process.terminationStatus == 0 else { return skip(.unreadable, "pdftotext exit \(process.terminationStatus)") }
        guard case let .text(raw, lossy) = TextDecoding.decode(data) else { return skip(.binary) }
        // pdftotext ends every page with a form feed. They stay in the text, so a place's page
        // is 1 + the form feeds before it (`TextPosition`); a newline after each makes the page
        // break a paragraph break for the chunker. Only trailing space is trimmed: leading
        // form feeds (blank first pages) still count.
        var text = raw.replacingOccurrences(of: "\u{0C}", with: "\u{0C}\n")
        while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
        if text.allSatisfy(\.isWhitespace) { return skip(.empty, "no text layer") }
        return .loaded(LoadedDocument(file: file, text: text, lossy: lossy))
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
