import Foundation

extension DocumentLoader {
    /// How much bigger than the text limit a mail file may be: attachments (base64, 4/3 of
    /// their size) and HTML alternatives take most of a mail's bytes and little of its text,
    /// so a 32 MiB text limit admits 128 MiB mail files. The text itself stays within
    /// `maxBytes`.
    public static let mailBytesPerTextByte = 4

    /// .eml, mbox and .msg files (see `MailDocument`). An .eml's or .msg's title is its
    /// subject; an mbox is a document a message (`loadMailbox`).
    static func loadMail(_ file: DocumentFile, descriptor: Int32, size: Int, maxBytes: Int, tools: ToolSettings) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String? = nil) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        let maxFileBytes = maxBytes.multipliedReportingOverflow(by: mailBytesPerTextByte).overflow ? Int.max : maxBytes * mailBytesPerTextByte
        if size > maxFileBytes { return skip(.tooLarge, tooLargeDetail(size, maxFileBytes)) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var reader = BoundedReader(descriptor: descriptor)
        guard var bytes = reader.read(upTo: maxFileBytes + 1) else { return skip(.unreadable, "I/O error") }
        if bytes.count > maxFileBytes { return skip(.tooLarge, tooLargeDetail(bytes.count, maxFileBytes)) }
        if file.format == .msg {
            switch outlookMessageAsMail(bytes, maxBytes: maxFileBytes, tools: tools) {
            case let .success(mail): bytes = mail
            case let .failure(failure): return .skipped(SkippedFile(relativePath: file.relativePath, reason: failure.reason, detail: failure.detail))
            }
        }
        if file.format == .mbox { return loadMailbox(file, bytes, maxBytes: maxBytes, tools: tools) }
        let rendered = MailDocument.message(bytes, maxTextBytes: maxBytes, tools: tools)
        if MailTextBuilder.isBlank(rendered.structured.text) { return skip(.empty) }
        var document = LoadedDocument(file: file, text: rendered.structured.text, lossy: rendered.lossy,
                                      title: rendered.structured.title ?? LoadedDocument.fileTitle(file.relativePath), headings: rendered.structured.headings)
        document.tableRows = rendered.structured.tableRows
        return .loaded(document)
    }

    /// An mbox: each message a document (`LoadedDocument.message`), titled by its subject
    /// ("inbox #3" without one). What the limits left out of the file is a remark of its last
    /// message read, so that the index report names it.
    static func loadMailbox(_ file: DocumentFile, _ bytes: [UInt8], maxBytes: Int, tools: ToolSettings) -> Outcome {
        let (messages, notes) = MailDocument.mailbox(bytes, maxTextBytes: maxBytes, tools: tools)
        guard !messages.isEmpty else { return .skipped(SkippedFile(relativePath: file.relativePath, reason: .empty)) }
        var documents = messages.map { message in
            var document = LoadedDocument(file: file, text: message.rendered.structured.text, lossy: message.rendered.lossy,
                                          title: message.rendered.structured.title ?? "\(LoadedDocument.fileTitle(file.relativePath)) #\(message.number)",
                                          headings: message.rendered.structured.headings, notes: message.notes)
            document.tableRows = message.rendered.structured.tableRows
            document.message = message.number
            return document
        }
        documents[documents.count - 1].notes += notes
        return .mailbox(documents)
    }

    struct MailToolFailure: Error {
        var reason: SkipReason
        var detail: String
    }

    /// An Outlook .msg (an OLE2 compound file of MAPI properties) as a MIME message, by
    /// Debian's `msgconvert` (libemail-outlook-message-perl). msgconvert reads a file by name
    /// and writes `<name>.eml` beside it unless told otherwise, so the .msg is copied into a
    /// private temporary folder (0700), converted there with `--outfile -` (the message on
    /// standard output), and the folder removed: nothing is ever written beside the user's
    /// file, and no file name of the user's can be taken for an option.
    static func outlookMessageAsMail(_ bytes: [UInt8], maxBytes: Int, tools: ToolSettings) -> Result<[UInt8], MailToolFailure> {
        let tool = ExternalTool.msgconvert
        guard tool.isInstalled else {
            return .failure(MailToolFailure(reason: .toolMissing, detail: "msgconvert is not installed (Debian: apt install \(tool.package))"))
        }
        var template = Array((NSTemporaryDirectory() + "/albertqa-msg-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            return .failure(MailToolFailure(reason: .unreadable, detail: "no temporary folder: \(String(cString: strerror(errno)))"))
        }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/message.msg"
        guard FileManager.default.createFile(atPath: copy, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            return .failure(MailToolFailure(reason: .unreadable, detail: "cannot copy it to a temporary folder"))
        }
        let result = tool.run(["--outfile", "-", copy], limits: tools.limits(maxOutputBytes: maxBytes), cancellation: tools.cancellation)
        switch result {
        case let .output(mail, errors):
            return .success(repairedMsgconvertOutput(mail, errors: errors))
        case let .failed(_, errors) where errors.contains("Can't locate Email/Address.pm"):
            // Debian 12's libemail-outlook-message-perl does not declare this dependency.
            return .failure(MailToolFailure(reason: .toolMissing, detail: "msgconvert needs Email::Address (Debian: apt install libemail-address-perl)"))
        default:
            guard case let .skipped(skip) = toolSkip(result, tool, DocumentFile(path: FileSystemPath(copy), relativePathBytes: [], size: bytes.count, modified: 0, format: .msg),
                                                     maxBytes: maxBytes, tools: tools) else {
                return .failure(MailToolFailure(reason: .unreadable, detail: "msgconvert gave no message"))
            }
            return .failure(MailToolFailure(reason: skip.reason, detail: skip.detail ?? "msgconvert failed"))
        }
    }

    /// msgconvert 0.921 prints the message as one Perl string: when a header holds a
    /// character above U+00FF (a subject with "–"), Perl warns "Wide character in print" and
    /// encodes the whole string as UTF-8, so the body, already UTF-8 bytes, is encoded twice
    /// ("José" arrives as "JosÃ©"). Then the output is decoded once and the body part (after
    /// the header section), whose characters are all bytes, is turned back into those bytes;
    /// the header keeps its (single) UTF-8. Anything else is left as it came.
    static func repairedMsgconvertOutput(_ mail: [UInt8], errors: String) -> [UInt8] {
        guard errors.contains("Wide character"), let text = String(validating: mail, as: UTF8.self) else { return mail }
        // The header section ends at the first empty line (msgconvert writes CRLF line ends).
        let scalars = Array(text.unicodeScalars)
        var bodyStart: Int?
        for i in scalars.indices where scalars[i] == "\n" {
            if i + 1 < scalars.count, scalars[i + 1] == "\n" { bodyStart = i + 2; break }
            if i + 2 < scalars.count, scalars[i + 1] == "\r", scalars[i + 2] == "\n" { bodyStart = i + 3; break }
        }
        guard let bodyStart else { return mail }
        let body = scalars[bodyStart...]
        guard body.allSatisfy({ $0.value <= 0xFF }) else { return mail }
        var header = String.UnicodeScalarView()
        header.append(contentsOf: scalars[..<bodyStart])
        return Array(String(header).utf8) + body.map { UInt8($0.value) }
    }
}
