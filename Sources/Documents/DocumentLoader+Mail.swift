import Foundation

extension DocumentLoader {
    /// How much bigger than the text limit a mail file may be: attachments (base64, 4/3 of
    /// their size) and HTML alternatives take most of a mail's bytes and little of its text,
    /// so a 32 MiB text limit admits 128 MiB mail files. The text itself stays within
    /// `maxBytes`.
    static let mailBytesPerTextByte = 4

    /// .eml and mbox files (see `MailDocument`). An .eml's title is its subject; an mbox's is
    /// its file name.
    static func loadMail(_ file: DocumentFile, descriptor: Int32, size: Int, maxBytes: Int) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        let maxFileBytes = maxBytes.multipliedReportingOverflow(by: mailBytesPerTextByte).overflow ? Int.max : maxBytes * mailBytesPerTextByte
        if size > maxFileBytes { return skip(.tooLarge, tooLargeDetail(size, maxFileBytes)) }
        var reader = BoundedReader(descriptor: descriptor)
        guard let bytes = reader.read(upTo: maxFileBytes + 1) else { return skip(.unreadable, "I/O error") }
        if bytes.count > maxFileBytes { return skip(.tooLarge, tooLargeDetail(bytes.count, maxFileBytes)) }
        let rendered = file.format == .mbox
            ? MailDocument.mailbox(bytes, maxTextBytes: maxBytes)
            : MailDocument.message(bytes, maxTextBytes: maxBytes)
        if rendered.structured.text.allSatisfy(\.isWhitespace) { return skip(.empty) }
        let title = file.format == .mbox ? LoadedDocument.fileTitle(file.relativePath) : rendered.structured.title
        return .loaded(LoadedDocument(file: file, text: rendered.structured.text, lossy: rendered.lossy,
                                      title: title ?? LoadedDocument.fileTitle(file.relativePath), headings: rendered.structured.headings))
    }
}
