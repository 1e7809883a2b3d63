import CTerminal
import Foundation

/// The only code that talks to ncurses: starts and restores the terminal, reads keys, draws frames.
final class Terminal {
    private(set) var colors = false

    /// Why the interface cannot run here, if it cannot (no terminal, or TERM=dumb).
    static func unavailableReason() -> String? {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            return "the interactive interface needs a terminal"
        }
        if term.isEmpty || term == "dumb" {
            return "the interactive interface needs a capable terminal (TERM=\(term.isEmpty ? "unset" : term))"
        }
        return nil
    }

    /// `color`: the configuration's choice; nil (auto) draws colours unless NO_COLOR is set.
    func start(color: Bool? = nil) throws {
        guard tui_prepare_locale() else {
            throw TUIError("no UTF-8 locale is available (Debian: apt-get install locales, or set LANG=C.UTF-8)")
        }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        guard tui_start(color ?? !noColor) else { throw TUIError("cannot start the terminal interface (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? ""))") }
        colors = tui_colors()
    }

    /// Restores the terminal; safe to call more than once and from exit paths.
    func stop() { tui_stop() }

    var size: (rows: Int, columns: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        tui_size(&rows, &columns)
        return (Int(rows), Int(columns))
    }

    /// The next key, or nil after `timeout` milliseconds without one.
    func readKey(timeout: Int) -> Key? {
        var character: UInt32 = 0
        switch tui_read_key(Int32(timeout), &character) {
        case TUI_KEY_NONE, TUI_KEY_OTHER: return nil
        case TUI_KEY_CHAR: return Key(code: character)
        case TUI_KEY_UP: return .up
        case TUI_KEY_DOWN: return .down
        case TUI_KEY_LEFT: return .left
        case TUI_KEY_RIGHT: return .right
        case TUI_KEY_HOME: return .home
        case TUI_KEY_END: return .end
        case TUI_KEY_PAGE_UP: return .pageUp
        case TUI_KEY_PAGE_DOWN: return .pageDown
        case TUI_KEY_BACKSPACE: return .backspace
        case TUI_KEY_DELETE: return .delete
        case TUI_KEY_BACK_TAB: return .backTab
        case TUI_KEY_ENTER: return .enter
        case TUI_KEY_RESIZE: return .resize
        default: return nil
        }
    }

    func draw(_ frame: Frame) {
        tui_erase()
        for (row, spans) in frame.lines.enumerated() {
            var column = 0
            for span in spans {
                let characters = span.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
                characters.withUnsafeBufferPointer {
                    tui_draw(Int32(row), Int32(column), $0.baseAddress, Int32($0.count), Int32(span.style.rawValue), Int32(span.color.rawValue))
                }
                column += DisplayWidth.of(span.text)
            }
        }
        if let cursor = frame.cursor {
            tui_cursor(Int32(cursor.row), Int32(cursor.column), true)
        } else {
            tui_cursor(0, 0, false)
        }
        tui_refresh()
    }
}

/// A reason the interface cannot start, as one line.
public struct TUIError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
