/// The control characters of text from documents and file names, and how each front end
/// neutralises them before a terminal sees them. A terminal acts on them: ESC starts
/// sequences that retitle the window, clear the screen or write the clipboard (OSC 52), and
/// C1 codes such as U+009B (CSI) do the same in UTF-8 terminals. The set is C0
/// (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F), which is exactly Unicode's general
/// category Cc. Bidi overrides (U+202A–U+202E, category Cf) are not terminal commands and are
/// left as they are.
///
/// It lives in Documents, the module both front ends (the CLI and the interface) build on,
/// because the rule is about document text: every form below starts from `isControl`, so
/// the two cannot disagree on what is dangerous. The forms differ only in what a control
/// becomes, for what the text is drawn into; all but `pictured` keep one scalar for one, so
/// answer and highlight offsets stay aligned.
public enum ControlCharacters {
    /// C0, DEL or C1: a scalar a terminal may act on.
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Every control character (newlines and tabs too) as a space: one line, scalar offsets
    /// unchanged. Citations, `ask --vimgrep` lines, the interface's status and prompt lines.
    public static func spaced(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    /// One character of a document as the interface's viewer draws it: a tab as a space, a
    /// character holding a control as U+FFFD (visible, one cell). Controls are single scalars
    /// (CRLF was normalised at loading), so highlight offsets stay aligned.
    public static func drawn(_ character: Character) -> Character {
        if character == "\t" { return " " }
        if character.unicodeScalars.contains(where: isControl) { return "\u{FFFD}" }
        return character
    }

    /// A document's text for a pager: newlines and tabs stay, form feeds (page breaks) are
    /// dropped — each is followed by a newline, so line numbers stay those of the indexed
    /// text — and every other control becomes a space.
    public static func pagerText(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\u{0C}" { continue }
            if scalar == "\n" || scalar == "\t" { scalars.append(scalar); continue }
            scalars.append(isControl(scalar) ? " " : scalar)
        }
        return String(scalars)
    }

    /// The CLI's form, where nothing is aligned to offsets and what was there should show: C0
    /// controls as their pictures (␀ … ␟, ESC as ␛), DEL as ␡, C1 as U+FFFD (they have no
    /// pictures). Line breaks (LF, tab, VT, FF, CR, NEL, U+2028, U+2029) become spaces, or with
    /// `keepingLines` LF and tab stay, CR is dropped and the others become LF.
    public static func pictured(_ text: String, keepingLines: Bool = false) -> String {
        // The common case (nothing to replace) returns the string as it is.
        guard text.unicodeScalars.contains(where: { isControl($0) || isLineSeparator($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x09, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029:
                if !keepingLines {
                    result.append(" ")
                } else if scalar.value == 0x0A || scalar.value == 0x09 {
                    result.append(scalar)
                } else if scalar.value != 0x0D {
                    result.append("\n")
                }
            case 0x00..<0x20:
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)  // ␀ … ␟ (ESC is ␛)
            case 0x7F:
                result.append("\u{2421}")  // ␡
            case 0x80...0x9F:
                result.append("\u{FFFD}")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: not controls, but line breaks
    /// to some terminals and viewers, so one-line output flattens them too.
    static func isLineSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
