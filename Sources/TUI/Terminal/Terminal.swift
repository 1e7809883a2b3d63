import CTerminal
import Foundation

/// The only code that talks to ncurses: starts and restores the terminal, reads keys, draws
/// frames, and hands the terminal to other programs (editor, pager, the shell on Ctrl-Z).
final class Terminal {
    private(set) var colors = false
    /// The terminal went away (EOF, EIO, hang-up): the app must end.
    private(set) var hungUp = false
    /// A key read while looking for an Alt combination, delivered next.
    private var pending: Key?

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
    /// `mouse`: clicks and the wheel reported (off leaves text selection to the terminal).
    func start(color: Bool? = nil, mouse: Bool) throws {
        guard tui_prepare_locale() else {
            throw TUIError("no UTF-8 locale is available (Debian: apt-get install locales, or set LANG=C.UTF-8)")
        }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        guard tui_start(color ?? !noColor, mouse) else { throw TUIError("cannot start the terminal interface (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? ""))") }
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

    /// Esc followed by a key within the escape timeout is Alt + that key (readline's Alt-B
    /// arrives as Esc, b). ncurses already waits its ESCDELAY (25 ms, set in tui_start) after
    /// an Esc for what follows and keeps it buffered, so the second read must not wait again:
    /// waiting would stretch the window to 50 ms and turn a quick Esc, q into Alt-q.
    static let escapeTimeout: Int32 = 0

    /// The next key, or nil after `timeout` milliseconds without one (or when hung up).
    func readKey(timeout: Int) -> Key? {
        if let key = pending {
            pending = nil
            return key
        }
        guard let key = readRaw(timeout: Int32(timeout)) else { return nil }
        guard key == .escape else { return key }
        guard let next = readRaw(timeout: Self.escapeTimeout) else { return .escape }
        if let alt = Key.alt(after: next) { return alt }
        pending = next  // Esc then an arrow: deliver both
        return .escape
    }

    private func readRaw(timeout: Int32) -> Key? {
        var character: UInt32 = 0
        var mouse = tui_mouse()
        switch tui_read_key(timeout, &character, &mouse) {
        case TUI_KEY_NONE, TUI_KEY_OTHER: return nil
        case TUI_KEY_HANGUP:
            hungUp = true
            return nil
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
        case TUI_KEY_MOUSE:
            let kind: MouseEvent.Kind
            switch Int(mouse.kind) {
            case Int(TUI_MOUSE_WHEEL_UP.rawValue): kind = .wheelUp
            case Int(TUI_MOUSE_WHEEL_DOWN.rawValue): kind = .wheelDown
            default: kind = .press
            }
            return .mouse(MouseEvent(row: Int(mouse.row), column: Int(mouse.col), kind: kind))
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

    /// Puts text on the clipboard of the terminal (and of tmux, and over SSH): OSC 52.
    func copyToClipboard(_ text: String) -> Bool {
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        return sequence.withCString { tui_write_raw($0, strlen($0)) }
    }

    /// Runs a program in the foreground with the terminal (curses suspended meanwhile);
    /// `input` becomes its standard input. Returns its exit status, or nil if it did not start.
    func runForeground(_ arguments: [String], input: String? = nil) -> Int32? {
        var cStrings = arguments.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        cStrings.append(nil)
        let status: Int32 = cStrings.withUnsafeMutableBufferPointer { argv in
            if let input {
                // Control characters (NUL included) never reach here: see `ControlCharacters.pagerText`.
                return input.withCString { tui_run_foreground(argv.baseAddress, $0, strlen($0)) }
            }
            return tui_run_foreground(argv.baseAddress, nil, 0)
        }
        return status < 0 ? nil : status
    }

    /// Ctrl-Z: back to the shell until `fg`.
    func suspend() { tui_suspend_self() }
}

/// A reason the interface cannot start, as one line.
public struct TUIError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
