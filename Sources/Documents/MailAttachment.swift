import CSpawn
import Foundation

/// Attachments that are documents, read as text: plain text and tables (.txt .csv .tsv …),
/// Markdown, reStructuredText, HTML, the ZIP office formats (through `OfficeText`, like files
/// of the folder) and PDF (through `pdftotext`). Chosen by the file name's extension, else by
/// the declared content type. Anything else (images, archives, executables) is listed by name.
enum MailAttachment {
    enum Kind: Equatable {
        case plainText, markdown, restructuredText, html
        case office(DocumentFormat)
        case pdf
        /// An attached mail (.eml, message/rfc822): read as a message of its own.
        case message
    }

    /// Encoded attachment bytes decoded and read at most: a bigger attachment is listed by
    /// name. 16 MiB holds a long report with pictures; the office path unpacks within its
    /// own limits on top of this.
    static let maxEncodedBytes = 16 << 20
    /// An attachment's text kept at most (UTF-8 bytes), so that one attached data dump does
    /// not crowd out the mail (4 MiB is ~700,000 words).
    static let maxTextBytes = 4 << 20

    static func kind(fileName: String?, mediaType: String) -> Kind? {
        if let fileName, let dot = fileName.lastIndex(of: "."), dot > fileName.startIndex {
            switch fileName[fileName.index(after: dot)...].lowercased() {
            case "txt", "text", "csv", "tsv", "log", "ics", "vcf": return .plainText
            case "md", "markdown": return .markdown
            case "rst": return .restructuredText
            case "html", "htm", "xhtml": return .html
            case "docx": return .office(.docx)
            case "odt": return .office(.odt)
            case "pptx": return .office(.pptx)
            case "epub": return .office(.epub)
            case "pdf": return .pdf
            case "eml": return .message
            default: break
            }
        }
        switch mediaType {
        case "text/plain", "text/csv", "text/tab-separated-values", "text/calendar": return .plainText
        case "text/markdown": return .markdown
        case "text/html": return .html
        case "application/pdf": return .pdf
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return .office(.docx)
        case "application/vnd.oasis.opendocument.text": return .office(.odt)
        case "application/vnd.openxmlformats-officedocument.presentationml.presentation": return .office(.pptx)
        case "application/epub+zip": return .office(.epub)
        case "message/rfc822": return .message
        default: return nil
        }
    }

    /// The attachment's text, or why it was not read (one line). Tools (pdftotext) run
    /// bounded by `tools`, as for files of the folder.
    static func text(_ bytes: [UInt8], kind: Kind, charset: String?, tools: ToolSettings) -> Result<(StructuredText, lossy: Bool), AttachmentFailure> {
        switch kind {
        case .plainText, .markdown, .restructuredText, .html:
            if TextDecoding.looksBinary(bytes) { return .failure(.binary) }
            let (raw, lossy) = MailText.decode(bytes, charset: charset)
            let structured: StructuredText
            switch kind {
            case .html: structured = HTMLText.extractStructured(raw)
            case .markdown: structured = StructuredText(text: raw, headings: MarkupHeadings.markdown(raw))
            case .restructuredText: structured = StructuredText(text: raw, headings: MarkupHeadings.restructuredText(raw))
            default: structured = StructuredText(text: raw)
            }
            return .success((structured, lossy))
        case let .office(format):
            return withMemoryFile(bytes) { descriptor in
                var limits = ZipArchive.Limits()
                limits.maxEntryBytes = min(limits.maxEntryBytes, maxTextBytes * 4)
                limits.maxTotalBytes = min(limits.maxTotalBytes, maxTextBytes * 8)
                do throws(OfficeText.Failure) {
                    let structured = try OfficeText.extract(descriptor: descriptor, format: format, limits: limits)
                    return .success((structured, structured.text.unicodeScalars.contains("\u{FFFD}")))
                } catch {
                    return .failure(.office(error))
                }
            }
        case .pdf:
            return pdfText(bytes, tools: tools)
        case .message:
            return .failure(.messagePart)
        }
    }

    /// The bytes in an anonymous in-memory file (memfd), for readers that want a seekable
    /// descriptor (libarchive's ZIP reader): nothing is written to disk, let alone beside the
    /// user's files.
    static func withMemoryFile<T>(_ bytes: [UInt8], _ body: (Int32) -> Result<T, AttachmentFailure>) -> Result<T, AttachmentFailure> {
        let descriptor = albertqa_memory_file("albertqa-attachment")
        guard descriptor >= 0 else { return .failure(.noMemoryFile(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .failure(.memoryFileWrite(reason: String(cString: strerror(errno)))) }
            written += count
        }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { return .failure(.memoryFileSeek) }
        return body(descriptor)
    }

    /// `pdftotext -raw` on the attachment, as `DocumentLoader.loadPDF` runs it for files
    /// (bounded in time and in output, `maxTextBytes`). Page breaks become paragraph breaks:
    /// form feeds count pages only in a PDF document of its own (`TextPosition`), not inside a
    /// mail.
    static func pdfText(_ bytes: [UInt8], tools: ToolSettings) -> Result<(StructuredText, lossy: Bool), AttachmentFailure> {
        let result = ExternalTool.pdftotext.run(["-raw", "-enc", "UTF-8", "-q", "-", "-"], input: .bytes(bytes),
                                                limits: tools.limits(maxOutputBytes: maxTextBytes), cancellation: tools.cancellation)
        switch result {
        case let .output(data, _):
            guard case let .text(decoded) = TextDecoding.decode(data, declared: Charset(named: "UTF-8")) else {
                return .failure(.binary)
            }
            return .success((StructuredText(text: decoded.text.replacingOccurrences(of: "\u{0C}", with: "\n\n")), decoded.lossy))
        case let .missing(package): return .failure(.toolMissing(package: package))
        case let .timeout(seconds): return .failure(.toolTimeout(seconds: seconds))
        case .tooLarge: return .failure(.textTooLarge(limitBytes: maxTextBytes))
        case .cancelled: return .failure(.cancelled)
        case let .failed(status, errors):
            if DocumentLoader.isEncryptedMessage(errors) { return .failure(.passwordProtected) }
            return .failure(.toolExit(status: status))
        }
    }
}
