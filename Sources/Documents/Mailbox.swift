import Foundation

/// An mbox file (RFC 4155): messages one after another, each starting with a "From " line.
/// A "From " line opens a message only at the start of the file or after an empty line: the
/// mboxcl variants do not escape "From " inside bodies (they count bytes instead), and such a
/// line right after text is a sentence, not a separator. Lines of a body that began with
/// "From " were written as ">From " (mboxrd also quotes ">From " as ">>From "); one ">" is
/// removed again.
public enum Mailbox {
    /// Messages read from one file at most; the rest are reported as a remark of the last.
    static let maxMessages = 10_000
    /// Text read from one message at most (the limit of a mail's attachment): a message is a
    /// document of its own, and one huge message must not take the whole file's text limit.
    static let maxMessageTextBytes = 4 << 20

    /// Each message's bytes (its "From " line removed, ">From " unquoted), and whether the
    /// limit left messages out.
    static func messages(_ bytes: [UInt8], maxMessages: Int = maxMessages) -> (messages: [[UInt8]], truncated: Bool) {
        let (starts, end, truncated) = messageStarts(bytes, maxMessages: maxMessages)
        return (starts.indices.map { message(bytes, starts, $0, end: end) }, truncated)
    }

    /// Where each message's "From " line starts (at most `maxMessages`), where the last one
    /// ends, and whether messages were left out.
    static func messageStarts(_ bytes: [UInt8], maxMessages: Int = maxMessages) -> (starts: [Int], end: Int, truncated: Bool) {
        var starts: [Int] = []  // where each "From " line starts
        var index = 0
        var previousLineEmpty = true
        let from = Array("From ".utf8)
        while index < bytes.count {
            let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[index..<lineEnd]
            if previousLineEmpty, line.starts(with: from) {
                if starts.count == maxMessages { return (starts, index, true) }
                starts.append(index)
            }
            previousLineEmpty = line.isEmpty || line.elementsEqual([UInt8(ascii: "\r")])
            index = lineEnd + 1
        }
        return (starts, bytes.count, false)
    }

    /// The 1-based line of message `number`'s "From " line (1-based, as `DocumentName`
    /// numbers them), for an editor opening the mbox there; nil past the last message.
    public static func line(ofMessage number: Int, in bytes: [UInt8]) -> Int? {
        let starts = messageStarts(bytes, maxMessages: min(max(number, 1), maxMessages)).starts
        guard number >= 1, number <= starts.count else { return nil }
        return 1 + bytes[..<starts[number - 1]].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    private static func message(_ bytes: [UInt8], _ starts: [Int], _ i: Int, end: Int) -> [UInt8] {
        let stop = i + 1 < starts.count ? starts[i + 1] : end
        let fromLineEnd = bytes[starts[i]..<stop].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? stop
        return unquoted(bytes[fromLineEnd..<stop])
    }

    /// One ">" removed from each line that is ">"s followed by "From ".
    static func unquoted(_ message: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count)
        var atLineStart = true
        var index = message.startIndex
        while index < message.endIndex {
            let byte = message[index]
            if atLineStart, byte == UInt8(ascii: ">") {
                var j = index
                while j < message.endIndex, message[j] == UInt8(ascii: ">") { j += 1 }
                if message[j...].starts(with: "From ".utf8) { index += 1 }  // drop one ">"
            }
            output.append(message[index])
            atLineStart = message[index] == UInt8(ascii: "\n")
            index += 1
        }
        return output
    }
}
