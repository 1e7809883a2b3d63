import CSpawn
import Foundation

/// Attachments that are documents, read as text: every text format of the folder (plain text,
/// tables as rows under their headers, Markdown, HTML, JSON …, structured as
/// `DocumentFormat.structure` structures files), the ZIP office formats (through `OfficeText`,
/// like files of the folder) and PDF (through `pdftotext`). Chosen by the file name's
/// extension, else by the declared content type. Anything else (images, archives, executables)
/// is listed by name.
enum MailAttachment {
    enum Kind: Equatable {
        /// A text format of the folder's (`DocumentFormat.reading == .text`).
        case text(DocumentFormat)
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
            let pathExtension = fileName[fileName.index(after: dot)...].lowercased()
            switch DocumentFormat(pathExtension: pathExtension) {
            case let format? where format.reading == .text: return .text(format)
            case let format? where format.reading == .officeContainer: return .office(format)
            case .pdf?: return .pdf
            case .eml?: return .message
            default: if ["ics", "vcf"].contains(pathExtension) { return .text(.text) }
            }
        }
        switch mediaType {
        case "text/plain", "text/calendar": return .text(.text)
        case "text/csv": return .text(.csv)
        case "text/tab-separated-values": return .text(.tsv)
        case "text/markdown": return .text(.markdown)
        case "text/html": return .text(.html)
        case "application/pdf": return .pdf
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return .office(.docx)
        case "application/vnd.oasis.opendocument.text": return .office(.odt)
        case "application/vnd.openxmlformats-officedocument.presentationml.presentation": return .office(.pptx)
        case "application/epub+zip": return .office(.epub)
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": return .office(.xlsx)
        case "application/vnd.oasis.opendocument.spreadsheet": return .office(.ods)
        case "message/rfc822": return .message
        default: return nil
        }
    }

    /// The attachment's text, or why it was not read (one line). Tools (pdftotext) run
    /// bounded by `tools`, as for files of the folder.
    static func text(_ bytes: [UInt8], kind: Kind, charset: String?, tools: ToolSettings) -> Result<(StructuredText, lossy: Bool), AttachmentFailure> {
        switch kind {
        case let .text(format):
            if TextDecoding.looksBinary(bytes) { return .failure(.binary) }
            let (raw, lossy) = MailText.decode(bytes, charset: charset)
            // Structured as the folder's files of its format (a CSV's rows under its headers);
            // text whose structure would pass the limit is kept as it is.
            // Part of the mail, not a file of the folder: the mail's heading names it.
            let structured = format.structure(raw, relativePath: nil, maxBytes: maxTextBytes) ?? StructuredText(text: raw)
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
