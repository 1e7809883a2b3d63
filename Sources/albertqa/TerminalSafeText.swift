import Documents

/// Text from documents and file names made safe to print: a terminal acts on control
/// characters (ESC starts sequences that retitle the window, clear the screen or write the
/// clipboard; C1 codes such as U+009B CSI do the same in UTF-8 terminals), so every one is
/// shown as a visible picture instead. The one function every command's text output goes
/// through (`Console`); JSON output escapes the same characters as `\uXXXX`.
enum TerminalSafeText {
    enum Newlines {
        /// One-line fields: newlines, tabs and other line breaks become spaces.
        case flatten
        /// Multi-line text: `\n` and `\t` stay, `\r` is dropped.
        case keep
    }

    static func sanitize(_ text: String, newlines: Newlines = .flatten) -> String {
        ControlCharacters.pictured(text, keepingLines: newlines == .keep)
    }
}
