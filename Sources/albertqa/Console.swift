import Foundation
import Settings
import Synchronization
import TUI

/// A run of printed text and its style. Text is always passed through `TerminalSafeText`;
/// styles are the only escape sequences the CLI ever prints, and only when colour is on.
struct Span {
    enum Style: String {
        case bold = "1", dim = "2", path = "35", answer = "1;31", number = "32", warning = "33"
    }

    var text: String
    var style: Style?

    init(_ text: String, _ style: Style? = nil) {
        self.text = TerminalSafeText.sanitize(text)
        self.style = style
    }
}

/// Standard output and standard error for the commands: terminal-safe text, colour where
/// asked for (`--color`, `NO_COLOR`, `TERM=dumb`), wrapping to the terminal's width, and
/// checked writes — output that cannot be written is an error (exit 1), never lost quietly.
final class Console: Sendable {
    let descriptor: Int32
    let name: String
    let isTerminal: Bool
    /// Columns to wrap long text to; nil when not writing to a terminal (one record per line).
    let width: Int?
    private let colorSetting: Mutex<Bool>
    var color: Bool { colorSetting.withLock { $0 } }

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        isTerminal = isatty(descriptor) == 1
        colorSetting = Mutex(isTerminal && Self.colorAllowedByEnvironment())
        width = isTerminal ? Self.terminalWidth(descriptor) : nil
    }

    static let standardOutput = Console(descriptor: STDOUT_FILENO, name: "standard output")
    static let standardError = Console(descriptor: STDERR_FILENO, name: "standard error")

    /// `--color auto|always|never`: always beats NO_COLOR (an explicit request), auto follows it.
    static let colorOption = Option<UserConfig.Color>("--color", config: .color, help: "colour on a terminal (NO_COLOR turns auto off)")
        .default(.auto)

    static func applyColorChoice(_ choice: UserConfig.Color) {
        for console in [standardOutput, standardError] {
            switch choice {
            case .always: console.colorSetting.withLock { $0 = true }
            case .never: console.colorSetting.withLock { $0 = false }
            case .auto: break
            }
        }
    }

    private static func colorAllowedByEnvironment() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    private static func terminalWidth(_ descriptor: Int32) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    /// One line of spans.
    func line(_ spans: Span...) throws(CLIError) { try line(spans) }

    func line(_ spans: [Span]) throws(CLIError) {
        try write(render(spans) + "\n")
    }

    /// Plain text (made terminal-safe) as one line.
    func line(_ text: String) throws(CLIError) { try line([Span(text)]) }

    /// Text of several lines (help): newlines and tabs kept, every other control shown.
    func text(_ text: String) throws(CLIError) {
        try write(TerminalSafeText.sanitize(text, newlines: .keep) + "\n")
    }

    /// `spans` as lines of at most `width` columns (when writing to a terminal), each line
    /// starting with `indent`; one line otherwise. Breaks at spaces, keeping each span's style.
    func wrapped(_ spans: [Span], indent: String) throws(CLIError) {
        guard let width, width - DisplayWidth.of(indent) >= 20 else { return try line([Span(indent)] + spans) }
        for row in Self.wrap(spans, width: width - DisplayWidth.of(indent)) { try line([Span(indent)] + row) }
    }

    static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        // Words (with the spaces before them) keep the style of every character.
        var words: [[(Character, Span.Style?)]] = [[]]
        for span in spans {
            for character in span.text {
                if character == " ", !(words.last!.isEmpty) { words.append([]) }
                words[words.count - 1].append((character, span.style))
            }
        }
        var rows: [[(Character, Span.Style?)]] = [[]]
        var used = 0
        for word in words where !word.isEmpty {
            let cells = word.reduce(0) { $0 + DisplayWidth.of($1.0) }
            if used + cells > width, !rows.last!.isEmpty {
                rows.append([])
                used = 0
                let trimmed = Array(word.drop { $0.0 == " " })
                rows[rows.count - 1] += trimmed
                used = trimmed.reduce(0) { $0 + DisplayWidth.of($1.0) }
            } else {
                rows[rows.count - 1] += word
                used += cells
            }
        }
        return rows.map { row in
            var spans: [Span] = []
            for (character, style) in row {
                if let last = spans.last, last.style == style { spans[spans.count - 1].text.append(character) } else { spans.append(Span(String(character), style)) }
            }
            return spans
        }
    }

    private func render(_ spans: [Span]) -> String {
        spans.map { span in
            guard color, let style = span.style, !span.text.isEmpty else { return span.text }
            return "\u{1B}[\(style.rawValue)m\(span.text)\u{1B}[0m"
        }.joined()
    }

    /// Writes everything or fails: a full disk, a closed descriptor or an I/O error is an
    /// error with its cause, not output silently lost.
    func write(_ text: String) throws(CLIError) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .output(.unwritable(stream: name, errno: errno))
            }
            offset += written
        }
    }

    /// One JSON object on one line (sorted keys, so output is stable). A value JSON cannot
    /// hold (NaN, infinity) is an error naming its key, never an empty output.
    func json(_ value: Any) throws(CLIError) {
        if let key = Self.firstNonFiniteNumber(in: value, path: "") {
            throw .output(.nonFiniteJSON(key: key))
        }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .output(.notJSON(error))
        }
        try write(Self.escapingTerminalControls(String(decoding: data, as: UTF8.self)) + "\n")
    }

    /// JSON escapes C0 controls itself; DEL and C1 controls are valid raw in JSON but acted on
    /// by terminals, so they are written as `\u007f`, `\u009b`, ….
    static func escapingTerminalControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { (0x7F..<0xA0).contains($0.value) }) else { return json }
        var result = ""
        for scalar in json.unicodeScalars {
            if (0x7F..<0xA0).contains(scalar.value) { result += String(format: "\\u%04x", scalar.value) } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    static func firstNonFiniteNumber(in value: Any, path: String) -> String? {
        switch value {
        case let number as Double: return number.isFinite ? nil : (path.isEmpty ? "a value" : path)
        case let number as Float: return number.isFinite ? nil : (path.isEmpty ? "a value" : path)
        case let dictionary as [String: Any]:
            for (key, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                if let found = firstNonFiniteNumber(in: element, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case let array as [Any]:
            for (offset, element) in array.enumerated() {
                if let found = firstNonFiniteNumber(in: element, path: "\(path)[\(offset)]") { return found }
            }
        default: break
        }
        return nil
    }
}

/// Text output's numbers: a non-finite value is an error, never "nan%" on the screen.
func finite<T: BinaryFloatingPoint>(_ value: T, _ what: String) throws(CLIError) -> T {
    guard value.isFinite else { throw .output(.nonFiniteNumber(what: what)) }
    return value
}

/// `print` for the commands: a terminal-safe line on standard output (errors propagate).
func output(_ spans: Span...) throws(CLIError) { try Console.standardOutput.line(spans) }

/// A notice on standard error (made terminal-safe), e.g. a rebuilt index or a fallback.
func warn(_ message: String) {
    try? Console.standardError.line([Span("albertqa: "), Span(message)])
}

/// Rounds for display in JSON (keeps files readable; logits need no more than 6 digits).
func rounded(_ value: Float, digits: Int = 6) -> Double {
    let scale = pow(10, Double(digits))
    return (Double(value) * scale).rounded() / scale
}
