import Foundation

/// Legacy Office files and RTF, read by Debian's converters run as bounded subprocesses
/// (`ExternalTool`): the file goes in as standard input (the descriptor already open) and is
/// named /dev/stdin, which these tools open and seek like a file, so any file name works.
extension DocumentLoader {
    static func loadLegacy(_ file: DocumentFile, descriptor: Int32, maxBytes: Int, tools: ToolSettings) -> Outcome {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        guard let converters = legacyConverters(file.format) else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .unsupportedFormat))
        }
        let (tool, result) = firstOutput(converters, descriptor: descriptor, limits: tools.limits(maxOutputBytes: maxBytes), tools: tools)
        let bytes: [UInt8]
        switch result {
        case let .failure(failure):
            if file.format == .ppt, let read = loadPowerPoint(file, descriptor: descriptor, maxBytes: maxBytes, after: failure.result) { return read }
            return toolSkip(failure.result, tool, file, maxBytes: maxBytes, tools: tools)
        case let .success(output): bytes = output
        }
        // catppt printed nothing (exit 0) for a real PowerPoint 97 file: read it ourselves.
        if file.format == .ppt, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }),
           let read = loadPowerPoint(file, descriptor: descriptor, maxBytes: maxBytes, after: .output(bytes, errors: "")) {
            return read
        }
        guard case let .text(decoded) = TextDecoding.decode(bytes) else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .binary, detail: "\(tool.name) gave binary output"))
        }
        let raw = decoded.text
        let structured: StructuredText
        switch (file.format, tool) {
        case (.rtf, .unrtf): structured = HTMLText.extractStructured(raw)
        case (.xls, _): structured = LegacySpreadsheetText.render(csv: raw, maxScalars: maxBytes)
        default: structured = StructuredText(text: raw.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if structured.text.allSatisfy(\.isWhitespace) { return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty)) }
        var document = LoadedDocument(file: file, text: structured.text, lossy: decoded.lossy, redecodedAs: decoded.redecodedAs,
                                      title: structured.title, headings: structured.headings, notes: structured.notes)
        document.tableRows = structured.tableRows
        return .loaded(document)
    }

    /// The converters for a legacy format, in the order they are tried, with their arguments.
    static func legacyConverters(_ format: DocumentFormat) -> [(ExternalTool, [String])]? {
        switch format {
        case .doc:
            // antiword keeps paragraphs as lines (-w 0) and reads Word 97–2003; catdoc also
            // reads Word 6/95 and files that are RTF under a .doc name.
            return [(.antiword, ["-m", "UTF-8.txt", "-w", "0", "/dev/stdin"]), (.catdoc, ["-d", "utf-8", "-w", "/dev/stdin"])]
        case .ppt:
            return [(.catppt, ["-d", "utf-8", "/dev/stdin"])]
        case .xls:
            // One CSV table per sheet, sheets separated by form feeds; "," between cells.
            return [(.xls2csv, ["-d", "utf-8", "/dev/stdin"])]
        case .rtf:
            // unrtf's HTML keeps the title and decodes Word's \uN\'xx pairs right (catdoc
            // doubles them: "Rhôône"); catdoc when unrtf is absent or fails.
            return [(.unrtf, ["--html", "/dev/stdin"]), (.catdoc, ["-d", "utf-8", "-w", "/dev/stdin"])]
        default:
            return nil
        }
    }

    /// The first converter that gives output, tried in order (each from the file's start);
    /// else the most telling failure: an encrypted file or a timeout over a missing tool.
    static func firstOutput(_ runs: [(ExternalTool, [String])], descriptor: Int32, limits: ExternalTool.Limits,
                            tools: ToolSettings) -> (ExternalTool, Result<[UInt8], ToolFailure>) {
        var failures: [(ExternalTool, ExternalTool.Result)] = []
        for (tool, arguments) in runs {
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { return (tool, .failure(ToolFailure(result: .failed(status: -1, errors: "cannot seek")))) }
            let result = tool.run(arguments, input: .descriptor(descriptor), limits: limits, cancellation: tools.cancellation)
            switch result {
            case let .output(bytes, _): return (tool, .success(bytes))
            // Stopping for time, size or cancel ends the attempt: the next tool would be as slow.
            case .timeout, .tooLarge, .cancelled: return (tool, .failure(ToolFailure(result: result)))
            case .failed, .missing: failures.append((tool, result))
            }
        }
        let telling = failures.first { if case let .failed(_, errors) = $0.1 { return isEncryptedMessage(errors) } else { return false } }
            ?? failures.first { if case .failed = $0.1 { return true } else { return false } }
            ?? failures[0]
        return (telling.0, .failure(ToolFailure(result: telling.1)))
    }

    /// A run that gave no text, as an `Error` for `Result`.
    struct ToolFailure: Error {
        var result: ExternalTool.Result
    }

    /// A .ppt file's bytes read at most: the reader needs the whole container, and images make
    /// decks large (text is a small part of them).
    static let maxPowerPointBytes = 256 << 20

    /// A .ppt read by `PowerPointText` when catppt is missing, fails or prints nothing; nil when
    /// a timeout or cancel stopped catppt (the file is skipped for that, as before) or when
    /// the file holds no PowerPoint stream (catppt's skip stands).
    static func loadPowerPoint(_ file: DocumentFile, descriptor: Int32, maxBytes: Int, after result: ExternalTool.Result) -> Outcome? {
        switch result {
        case .timeout, .tooLarge, .cancelled: return nil
        case .missing, .failed, .output: break
        }
        if case let .failed(_, errors) = result, isEncryptedMessage(errors) { return nil }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
        var reader = BoundedReader(descriptor: descriptor)
        guard let bytes = reader.read(upTo: maxPowerPointBytes + 1) else { return nil }
        guard bytes.count <= maxPowerPointBytes else {
            return .skipped(SkippedFile(relativePath: file.relativePath, reason: .tooLarge,
                                        detail: tooLargeDetail(bytes.count, maxPowerPointBytes) + " (a PowerPoint file read without catppt)"))
        }
        let text: String?
        do {
            text = try PowerPointText.text(bytes, maxScalars: maxBytes)
        } catch {
            return nil
        }
        guard let text else { return nil }
        if text.isEmpty { return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty)) }
        return .loaded(LoadedDocument(file: file, text: text, lossy: text.unicodeScalars.contains("\u{FFFD}")))
    }
}
