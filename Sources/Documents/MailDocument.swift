import Foundation

/// A mail (an .eml file, or each message of an mbox) as a document: a header block
/// (`From:`, `To:`, `Cc:`, `Date:`, `Subject:` lines, one paragraph), then the body, then a
/// paragraph naming the attachments that were not read, then each attachment that is a
/// document as a section of its own (heading = its file name; an attached mail's heading is
/// its subject). The message's own section is headed by its subject.
///
/// multipart/alternative is read as its text/plain part when it has a non-blank one, else its
/// richest (last) HTML or multipart part; HTML goes through `HTMLText`. multipart/related is
/// read as its root part (the others are its pictures). Signatures are left out.
public enum MailDocument {
    public struct Rendered: Equatable, Sendable {
        public var structured: StructuredText
        /// Bytes were replaced with U+FFFD (no charset read them).
        public var lossy: Bool
    }

    /// An .eml file. The title is its subject (nil without one).
    public static func message(_ bytes: [UInt8], maxTextBytes: Int, tools: ToolSettings = ToolSettings()) -> Rendered {
        message(bytes, maxTextBytes: maxTextBytes, limits: MIMEParser.Limits(), tools: tools).rendered
    }

    /// One message; `cut` when the text limit (`limitName`: "32 MiB per file") cut it.
    static func message(_ bytes: [UInt8], maxTextBytes: Int, limitName: String? = nil, limits: MIMEParser.Limits,
                        tools: ToolSettings) -> (rendered: Rendered, cut: Bool) {
        var renderer = MailRenderer(builder: MailTextBuilder(maxBytes: maxTextBytes), limits: limits, tools: tools)
        let (message, truncation) = MIMEParser.parse(bytes, limits: limits)
        let subject = message.headers.text("subject")
        renderer.render(message, level: 1, section: subject)
        renderer.truncation.merge(truncation)
        renderer.noteTruncation()
        let cut = renderer.builder.isFull
        if cut { renderer.note("[Not read: the text past the limit of \(limitName ?? "\(maxTextBytes >> 20) MiB per file")]") }
        var structured = renderer.builder.structured
        structured.title = subject
        return (Rendered(structured: structured, lossy: renderer.builder.lossy), cut)
    }

    /// A message of an mbox: its 1-based position in the file and its text.
    public struct MailboxMessage: Equatable, Sendable {
        public var number: Int
        public var rendered: Rendered
        /// What a limit left out of this message, for the index report.
        public var notes: [String]
    }

    /// An mbox file, one rendering per message that holds text (a blank one keeps its number:
    /// messages are numbered by their place in the file), and what the limits left out of the
    /// file. Each message is read as an .eml is, within `maxMessageTextBytes` of text, and all
    /// of them within `maxTextBytes`, so a file's text stays as bounded as any other file's.
    public static func mailbox(_ bytes: [UInt8], maxTextBytes: Int, tools: ToolSettings = ToolSettings())
        -> (messages: [MailboxMessage], notes: [String]) {
        mailbox(bytes, maxTextBytes: maxTextBytes, maxMessages: Mailbox.maxMessages, maxMessageTextBytes: Mailbox.maxMessageTextBytes,
                limits: MIMEParser.Limits(), tools: tools)
    }

    static func mailbox(_ bytes: [UInt8], maxTextBytes: Int, maxMessages: Int, maxMessageTextBytes: Int, limits: MIMEParser.Limits,
                        tools: ToolSettings) -> (messages: [MailboxMessage], notes: [String]) {
        let (messages, truncated) = Mailbox.messages(bytes, maxMessages: maxMessages)
        var rendered: [MailboxMessage] = []
        var notes: [String] = []
        var used = 0
        for (index, bytes) in messages.enumerated() {
            let room = maxTextBytes - used
            guard room > 0 else {
                notes.append("messages \(index + 1) to \(messages.count) not read: past the text limit of \(Self.size(maxTextBytes)) per file")
                break
            }
            let limitName = room < maxMessageTextBytes ? "\(Self.size(maxTextBytes)) per file" : "\(Self.size(maxMessageTextBytes)) per message"
            let (message, cut) = message(bytes, maxTextBytes: min(room, maxMessageTextBytes), limitName: limitName, limits: limits, tools: tools)
            used += message.structured.text.utf8.count
            guard !MailTextBuilder.isBlank(message.structured.text) else { continue }
            rendered.append(MailboxMessage(number: index + 1, rendered: message, notes: cut ? ["cut at the text limit of \(limitName)"] : []))
        }
        if truncated { notes.append("messages after the first \(maxMessages) not read (the limit per mbox)") }
        return (rendered, notes)
    }

    /// "4 MiB", or "100 bytes" for a limit that is no whole number of MiB (tests' limits).
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// Walks one message's MIME tree into a `MailTextBuilder`.
struct MailRenderer {
    var builder: MailTextBuilder
    let limits: MIMEParser.Limits
    /// For the tools that read attachments (pdftotext).
    let tools: ToolSettings

    init(builder: MailTextBuilder, limits: MIMEParser.Limits, tools: ToolSettings) {
        self.builder = builder
        self.limits = limits
        self.tools = tools
    }

    /// The parts of one message, sorted out.
    struct Collected {
        var bodies: [StructuredText] = []
        var attachments: [MIMEPart] = []
        var depthLimited = false
    }

    static let headerBlockFields = [("from", "From"), ("to", "To"), ("cc", "Cc"), ("date", "Date"), ("subject", "Subject")]
    /// Parts that are not content: signatures of the message.
    static let ignoredTypes: Set<String> = ["application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"]

    /// What the MIME limits left out anywhere in the file, noted once at its end.
    var truncation = MIMEParser.Truncation()

    /// A line saying what a limit left out; always added, past the text limit if need be
    /// (at most three per file, so that they stay bounded too).
    mutating func note(_ line: String) {
        builder.append(StructuredText(text: line), levelShift: 0, ignoringLimit: true)
    }

    mutating func noteTruncation() {
        truncation.merge(attachedMessageTruncation)
        if truncation.depthLimited { note("[Not read: parts nested deeper than \(limits.maxDepth) levels]") }
        if truncation.partsLimited { note("[Not read: parts after the first \(limits.maxParts) of a message]") }
    }

    mutating func render(_ message: MIMEPart, level: Int, section: String?) {
        if let section { builder.markSection(section, level: level) }
        let lines = Self.headerBlockFields.compactMap { field, label in message.headers.text(field).map { "\(label): \($0)" } }
        builder.append(lines.joined(separator: "\n"))
        var collected = Collected()
        collect(message, into: &collected)
        for body in collected.bodies { builder.append(body, levelShift: level) }

        // Read the attachments that are documents first, so that the list of those not read
        // can come before their sections.
        var sections: [(heading: String, content: AttachmentContent)] = []
        var notRead: [String] = []
        var room = builder.maxBytes - builder.utf8Count
        for part in collected.attachments {
            let name = part.fileName ?? (part.mediaType == "message/rfc822" ? "attached message" : "unnamed \(part.mediaType) part")
            guard let kind = MailAttachment.kind(fileName: part.fileName, mediaType: part.mediaType) else {
                notRead.append(name)
                continue
            }
            guard part.body.count <= MailAttachment.maxEncodedBytes * 4 / 3 + 4096 else {
                notRead.append("\(name) (not read: over \(MailAttachment.maxEncodedBytes >> 20) MiB)")
                continue
            }
            if kind == .message {
                readAttachedMessage(part, name: name, sections: &sections, notRead: &notRead)
            } else {
                readAttachedDocument(part, kind: kind, name: name, room: &room, sections: &sections, notRead: &notRead)
            }
        }
        if !notRead.isEmpty { builder.append("Attachments: " + notRead.joined(separator: ", ")) }
        for (heading, content) in sections {
            switch content {
            case let .text(structured):
                builder.appendHeading(heading, level: level + 1)
                builder.append(structured, levelShift: level + 1)
            case let .message(inner):
                render(inner, level: level + 1, section: heading)
            }
        }
        if collected.depthLimited { truncation.depthLimited = true }
    }

    /// An attached message (message/rfc822, or a .eml file parsed here within the depth
    /// limit) is a section rendered as a message.
    mutating func readAttachedMessage(_ part: MIMEPart, name: String, sections: inout [(heading: String, content: AttachmentContent)],
                                      notRead: inout [String]) {
        let inner: MIMEPart?
        if part.mediaType == "message/rfc822" {
            inner = part.children.first
        } else if part.depth < limits.maxDepth {
            inner = MIMEParser.parsePart(part.decodedBody[...], depth: part.depth + 1, defaultType: "text/plain", limits: limits,
                                         budget: &attachedMessageBudget, truncation: &attachedMessageTruncation)
        } else {
            inner = nil
        }
        guard let inner else {
            notRead.append("\(name) (not read: nested too deep)")
            return
        }
        sections.append((inner.headers.text("subject") ?? name, .message(inner)))
    }

    /// An attached document's text is a section when it has text and fits the `room` left.
    mutating func readAttachedDocument(_ part: MIMEPart, kind: MailAttachment.Kind, name: String, room: inout Int,
                                       sections: inout [(heading: String, content: AttachmentContent)], notRead: inout [String]) {
        switch MailAttachment.text(part.decodedBody, kind: kind, charset: part.contentType.parameters["charset"], tools: tools) {
        case let .failure(failure):
            notRead.append("\(name) (not read: \(MailHeaders.oneLine(failure.description)))")
        case let .success((structured, lossy)):
            let size = structured.text.utf8.count
            if MailTextBuilder.isBlank(structured.text) {
                notRead.append("\(name) (no text)")
            } else if size > MailAttachment.maxTextBytes {
                notRead.append("\(name) (not read: its text is over \(MailAttachment.maxTextBytes >> 10) kB)")
            } else if size > room {
                notRead.append("\(name) (not read: past the text limit of \(builder.maxBytes >> 20) MiB per file)")
            } else {
                room -= size
                builder.lossy = builder.lossy || lossy
                sections.append((name, .text(structured)))
            }
        }
    }

    enum AttachmentContent {
        case text(StructuredText)
        case message(MIMEPart)
    }

    /// Attached .eml files sent as application/octet-stream are parsed here, with a part
    /// budget of their own shared by all of them in the file.
    private var attachedMessageBudget = 1_000
    private var attachedMessageTruncation = MIMEParser.Truncation()

    mutating func collect(_ part: MIMEPart, into collected: inout Collected) {
        let type = part.mediaType
        if part.isMultipart {
            if part.children.isEmpty, part.depth >= limits.maxDepth { collected.depthLimited = true }
            switch type {
            case "multipart/alternative":
                if let chosen = chooseAlternative(part.children) { collect(chosen, into: &collected) }
            case "multipart/related":
                // The root is the part named by `start`, else the first (RFC 2387).
                let start = part.contentType.parameters["start"]
                let root = part.children.first { start != nil && $0.headers.text("content-id") == start } ?? part.children.first
                if let root { collect(root, into: &collected) }
            default:
                for child in part.children { collect(child, into: &collected) }
            }
            return
        }
        if Self.ignoredTypes.contains(type) { return }
        if type == "message/rfc822" {
            collected.attachments.append(part)
            return
        }
        let disposition = part.disposition?.value
        let inlineText = type.hasPrefix("text/") && disposition != "attachment"
            && (type == "text/plain" || type == "text/html" || part.fileName == nil)
        guard inlineText else {
            collected.attachments.append(part)
            return
        }
        let (text, lossy) = MailText.decode(part.decodedBody, charset: part.contentType.parameters["charset"])
        builder.lossy = builder.lossy || lossy
        collected.bodies.append(type == "text/html" ? HTMLText.extractStructured(text) : StructuredText(text: text))
    }

    /// text/plain when it says something, else the last HTML or multipart alternative (the
    /// richest, RFC 2046 §5.1.4), else the last part.
    func chooseAlternative(_ parts: [MIMEPart]) -> MIMEPart? {
        if let plain = parts.first(where: { part in
            part.mediaType == "text/plain" && part.disposition?.value != "attachment"
                && !MailTextBuilder.isBlank(MailText.decode(part.decodedBody, charset: part.contentType.parameters["charset"]).text)
        }) {
            return plain
        }
        return parts.last { $0.mediaType == "text/html" || $0.isMultipart } ?? parts.last
    }
}
