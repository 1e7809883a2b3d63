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
        // The common case (nothing to replace) returns the string as it is.
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:  // line breaks and tabs
                switch newlines {
                case .flatten: result.append(" ")
                case .keep: if scalar.value == 0x0A || scalar.value == 0x09 { result.append(scalar) } else if scalar.value != 0x0D { result.append("\n") }
                }
            case 0x00..<0x20:
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)  // ␀ … ␟ (ESC is ␛)
            case 0x7F:
                result.append("\u{2421}")  // ␡
            case 0x80..<0xA0:
                result.append("\u{FFFD}")  // C1 controls have no pictures
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
