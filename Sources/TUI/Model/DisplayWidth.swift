import CTerminal

/// Terminal cell widths (wcwidth): CJK and emoji take two cells, combining marks none.
public enum DisplayWidth {
    /// wcwidth answers by the C library's locale; make sure it is a UTF-8 one.
    private static let localeReady: Bool = tui_prepare_locale()

    public static func of(_ character: Character) -> Int {
        _ = localeReady
        var width = 0
        for (index, scalar) in character.unicodeScalars.enumerated() {
            if scalar == "\t" { return 1 }
            let w = Int(tui_wcwidth(scalar.value))
            if index == 0 {
                width = w < 0 ? 1 : w
            } else if w > 0, scalar.properties.generalCategory != .nonspacingMark {
                // Emoji sequences (ZWJ, modifiers) draw as one glyph: never more than two cells.
                width = min(2, width + w)
            }
        }
        return width
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// The longest prefix of `text` that fits in `cells` cells (never cutting a wide character).
    public static func prefix(_ text: String, fitting cells: Int) -> String {
        var used = 0
        var result = ""
        for character in text {
            let w = of(character)
            if used + w > cells { break }
            used += w
            result.append(character)
        }
        return result
    }
}
