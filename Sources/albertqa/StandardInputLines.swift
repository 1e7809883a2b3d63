import Foundation

/// Questions from standard input, one per line (blank lines skipped). Lines are bounded, so
/// a stream without newlines cannot take all memory; a signal while waiting ends at once.
struct StandardInputLines {
    static let maximumLineBytes = 64 * 1024
    let isTerminal = isatty(STDIN_FILENO) == 1
    private var buffer: [UInt8] = []
    private var ended = false
    private var lineNumber = 0

    mutating func nextQuestion() throws -> String? {
        while let line = try nextLine() {
            let question = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !question.isEmpty { return question }
        }
        return nil
    }

    private mutating func nextLine() throws -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                let line = try Self.text(buffer[..<newline], line: lineNumber)
                buffer.removeSubrange(...newline)
                return line
            }
            guard buffer.count <= Self.maximumLineBytes else {
                throw CLIError.lineTooLong(line: lineNumber + 1)
            }
            if ended {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                lineNumber += 1
                return try Self.text(buffer[...], line: lineNumber)
            }
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            let count = try Interruption.whileWaitingForInput { chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) } }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError.standardInputUnreadable(errno: errno)
            }
            if count == 0 { ended = true } else { buffer += chunk[..<count] }
        }
    }

    /// A line of questions is text: 100 KB of binary piped in once became 360 garbage
    /// "questions" answered for 50 s. NUL bytes or invalid UTF-8 stop the batch with a usage
    /// error (exit 2) before anything is answered from that line.
    static func text(_ bytes: ArraySlice<UInt8>, line: Int) throws -> String {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.notTextOnStandardInput(line: line)
        }
        return text
    }
}
