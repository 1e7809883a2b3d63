import Foundation

/// One part of a MIME message (RFC 2045/2046): its headers, its content type and its body as
/// sent (still transfer-encoded). A multipart's parts, or a message/rfc822's message, are its
/// `children`.
struct MIMEPart: Sendable {
    var headers: MailHeaders
    /// `text/plain` when the part declares none (RFC 2045 §5.2), `message/rfc822` inside a
    /// multipart/digest (RFC 2046 §5.1.5).
    var contentType: MIMEParameters
    var body: ArraySlice<UInt8>
    var children: [MIMEPart] = []
    /// How deep this part is (the message is 0).
    var depth: Int

    var mediaType: String { contentType.value }
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
    var transferEncoding: TransferEncoding { TransferEncoding(headerValue: headers.text("content-transfer-encoding")) }
    var disposition: MIMEParameters? { headers.structured("content-disposition").map(MIMEParameters.init) }

    /// The attachment's file name as its sender gave it (Content-Disposition's filename, or
    /// Content-Type's older name), reduced to its last path component and one line.
    var fileName: String? {
        let raw = disposition?.parameters["filename"] ?? contentType.parameters["name"]
        guard let raw else { return nil }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? raw
        let name = MailHeaders.oneLine(last)
        return name.isEmpty ? nil : String(name.prefix(255))
    }

    /// The body with its transfer encoding undone.
    var decodedBody: [UInt8] { transferEncoding.decode(body) }
}

/// Splits a message into its MIME tree within limits, so that a MIME bomb costs bounded time
/// and memory: multiparts nested deeper than `maxDepth` are not opened, and parts beyond
/// `maxParts` in the whole message are not kept. Each level scans its own body once for its
/// boundary, so the work is at most (depth limit + 1) passes over the message. Parts keep
/// slices of the message's bytes (no copies) except forwarded messages sent base64-encoded,
/// which are decoded once.
enum MIMEParser {
    struct Limits: Sendable {
        /// Multipart and message/rfc822 nesting opened at most. Real mail nests 3–5 deep
        /// (mixed › alternative › related, a forwarded message adding 2–3 more).
        var maxDepth = 16
        /// Parts kept in one message at most, the message itself included.
        var maxParts = 1_000
    }

    /// What the limits left out, for the document's note.
    struct Truncation: Sendable, Equatable {
        var depthLimited = false
        var partsLimited = false

        mutating func merge(_ other: Truncation) {
            depthLimited = depthLimited || other.depthLimited
            partsLimited = partsLimited || other.partsLimited
        }
    }

    static func parse(_ bytes: [UInt8], limits: Limits = .init()) -> (MIMEPart, Truncation) {
        var budget = limits.maxParts - 1
        var truncation = Truncation()
        let message = parsePart(bytes[...], depth: 0, defaultType: "text/plain", limits: limits, budget: &budget, truncation: &truncation)
        return (message, truncation)
    }

    static func parsePart(_ bytes: ArraySlice<UInt8>, depth: Int, defaultType: String, limits: Limits,
                          budget: inout Int, truncation: inout Truncation) -> MIMEPart {
        let (headers, bodyStart) = MailHeaders.parse(bytes)
        var contentType = headers.structured("content-type").map(MIMEParameters.init)
        if contentType.map({ !$0.value.contains("/") }) ?? true {
            contentType = MIMEParameters(defaultType)
        }
        var part = MIMEPart(headers: headers, contentType: contentType!, body: bytes[bodyStart...], depth: depth)
        guard part.isMultipart || part.mediaType == "message/rfc822" else { return part }
        guard depth < limits.maxDepth else {
            truncation.depthLimited = true
            return part
        }
        if part.mediaType == "message/rfc822" {
            guard budget > 0 else {
                truncation.partsLimited = true
                return part
            }
            budget -= 1
            // RFC 2046 forbids encoding a message/rfc822, but mailers do it.
            let inner = part.transferEncoding == .identity ? part.body : part.decodedBody[...]
            part.children = [parsePart(inner, depth: depth + 1, defaultType: "text/plain", limits: limits, budget: &budget, truncation: &truncation)]
            return part
        }
        guard let boundary = part.contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            // A multipart without a usable boundary is read as text, as Python does.
            part.contentType = MIMEParameters("text/plain")
            return part
        }
        let childType = part.mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
        for range in bodyRanges(part.body, boundary: Array(boundary.utf8)) {
            guard budget > 0 else {
                truncation.partsLimited = true
                break
            }
            budget -= 1
            part.children.append(parsePart(part.body[range], depth: depth + 1, defaultType: childType, limits: limits,
                                           budget: &budget, truncation: &truncation))
        }
        return part
    }

    /// The ranges of the parts between "--boundary" lines (RFC 2046 §5.1.1): the preamble
    /// before the first and the epilogue after "--boundary--" are left out, and the line break
    /// before each delimiter belongs to the delimiter. A missing close delimiter ends the last
    /// part at the end of the body. Whitespace after a delimiter is transport padding.
    static func bodyRanges(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [Range<Int>] {
        let delimiter = [UInt8(ascii: "-"), UInt8(ascii: "-")] + boundary
        var ranges: [Range<Int>] = []
        var partStart: Int?
        body.withUnsafeBufferPointer { buffer in
            let base = body.startIndex
            let n = buffer.count
            var lineStart = 0
            while lineStart < n {
                var lineEnd = n
                if let found = memchr(buffer.baseAddress! + lineStart, Int32(UInt8(ascii: "\n")), n - lineStart) {
                    lineEnd = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
                let next = lineEnd < n ? lineEnd + 1 : n
                if lineEnd - lineStart >= delimiter.count, buffer[lineStart] == UInt8(ascii: "-"),
                   memcmp(buffer.baseAddress! + lineStart, delimiter, delimiter.count) == 0 {
                    var rest = lineStart + delimiter.count
                    let closing = rest + 1 < lineEnd && buffer[rest] == UInt8(ascii: "-") && buffer[rest + 1] == UInt8(ascii: "-")
                    if closing { rest += 2 }
                    var padded = true
                    for i in rest..<lineEnd where ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(buffer[i]) {
                        padded = false
                        break
                    }
                    if padded {
                        if let start = partStart {
                            // The line break before the delimiter is the delimiter's.
                            var end = max(lineStart - 1, start)
                            if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                            ranges.append((base + start)..<(base + end))
                        }
                        if closing { return }
                        partStart = next
                    }
                }
                lineStart = next
            }
            if let start = partStart, start < n { ranges.append((base + start)..<(base + n)) }
        }
        return ranges
    }
}
