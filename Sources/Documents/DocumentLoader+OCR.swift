import Foundation

/// Scans read by OCR: images, and PDF pages without a text layer, with Debian's tesseract
/// (tesseract-ocr + tesseract-ocr-eng), bounded per page (`ToolSettings.ocrPageSeconds`) and in
/// pages per PDF (`maxOCRPages`). Without tesseract such files are skipped as `needs_ocr`,
/// never as empty. The text read is stored in the index like any document's, so an unchanged
/// file (same size and mtime) is not read, nor OCR'd, again.
extension DocumentLoader {
    /// Image files larger than this are not OCR'd (a 600 dpi colour A4 scan is ~25 MB as PNG).
    public static let maxImageBytes = 64 << 20

    /// tesseract on one image from standard input, English, plain text on standard output.
    /// One OpenMP thread: indexing already overlaps reading with writing on two cores, and
    /// tesseract's threads only contend with it there.
    static func ocr(_ input: ExternalTool.Input, maxBytes: Int, tools: ToolSettings) -> ExternalTool.Result {
        ExternalTool.tesseract.run(["stdin", "stdout", "-l", "eng"], input: input,
                                   limits: ExternalTool.Limits(seconds: tools.ocrPageSeconds, maxOutputBytes: maxBytes),
                                   environment: ["OMP_THREAD_LIMIT": "1"], cancellation: tools.cancellation)
    }

    static func needsOCRDetail(_ what: String) -> String {
        "\(what): install \(ExternalTool.tesseract.package) to read it by OCR"
    }

    static func loadImage(_ file: DocumentFile, descriptor: Int32, size: Int, maxBytes: Int, tools: ToolSettings) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        if size > maxImageBytes { return skip(.tooLarge, tooLargeDetail(size, maxImageBytes).replacingOccurrences(of: "per file", with: "per image")) }
        guard ExternalTool.tesseract.isInstalled else { return skip(.needsOCR, needsOCRDetail("an image")) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        tools.onOCRPage?(1, 1)
        let result = ocr(.descriptor(descriptor), maxBytes: maxBytes, tools: tools)
        guard case let .output(bytes, _) = result else { return toolSkip(result, .tesseract, file, maxBytes: maxBytes, tools: tools) }
        guard case let .text(raw, lossy) = TextDecoding.decode(bytes) else { return skip(.binary, "tesseract gave binary output") }
        let text = ocrPageText(raw)
        if text.isEmpty { return skip(.empty, "OCR found no text") }
        var document = LoadedDocument(file: file, text: text, lossy: lossy)
        document.ocrPages = 1
        return .loaded(document)
    }

    /// tesseract's page text without the form feed it ends a page with and surrounding blank lines.
    static func ocrPageText(_ raw: String) -> String {
        raw.replacingOccurrences(of: "\u{0C}", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The PDF's pages (pdftotext's text split at its form feeds) with every page that has no
    /// text layer read by OCR instead: rendered by pdftoppm at 300 dpi in grey (tesseract's
    /// recommended resolution), then read by tesseract. At most `tools.maxOCRPages` pages;
    /// nil when no page needed it. Cancellation stops at once; a page that fails stays empty.
    static func ocrBlankPages(_ pages: [String], descriptor: Int32, maxBytes: Int, tools: ToolSettings) -> (pages: [String], read: Int, lossy: Bool)? {
        let blank = pages.indices.filter { pages[$0].allSatisfy(\.isWhitespace) }
        // The last "page" after the final form feed is pdftotext's end, not a page.
        let candidates = blank.filter { $0 < pages.count - 1 || pages.count == 1 }
        guard !candidates.isEmpty, ExternalTool.tesseract.isInstalled, ExternalTool.pdftoppm.isInstalled else { return nil }
        var pages = pages
        var read = 0
        var lossy = false
        let chosen = Array(candidates.prefix(max(0, tools.maxOCRPages)))
        for (number, index) in chosen.enumerated() {
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { break }
            tools.onOCRPage?(number + 1, chosen.count)
            let page = String(index + 1)
            let image = ExternalTool.pdftoppm.run(["-r", "300", "-gray", "-png", "-f", page, "-l", page, "-singlefile", "/dev/stdin"],
                                                  input: .descriptor(descriptor),
                                                  limits: ExternalTool.Limits(seconds: tools.ocrPageSeconds, maxOutputBytes: maxImageBytes),
                                                  cancellation: tools.cancellation)
            if image == .cancelled { return nil }
            guard case let .output(png, _) = image, !png.isEmpty else { continue }
            let result = ocr(.bytes(png), maxBytes: maxBytes, tools: tools)
            if result == .cancelled { return nil }
            guard case let .output(bytes, _) = result, case let .text(raw, pageLossy) = TextDecoding.decode(bytes) else { continue }
            let text = ocrPageText(raw)
            guard !text.isEmpty else { continue }
            pages[index] = text
            read += 1
            lossy = lossy || pageLossy
        }
        return (pages, read, lossy)
    }
}
