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

    /// `text` shortened in the middle to fit `cells` cells: "reports/2021/…/summary.txt".
    public static func middleTruncated(_ text: String, fitting cells: Int) -> String {
        guard of(text) > cells else { return text }
        guard cells > 1 else { return cells == 1 ? "…" : "" }
        let tailCells = (cells - 1) / 2
        let headCells = cells - 1 - tailCells
        let head = prefix(text, fitting: headCells)
        var tail = ""
        var used = 0
        for character in text.reversed() {
            let w = of(character)
            if used + w > tailCells { break }
            used += w
            tail.insert(character, at: tail.startIndex)
        }
        return head + "…" + tail
    }

    /// `text` cut to `cells` cells with "…" when it does not fit.
    public static func truncated(_ text: String, fitting cells: Int) -> String {
        guard of(text) > cells else { return text }
        guard cells > 0 else { return "" }
        return prefix(text, fitting: cells - 1) + "…"
    }

    /// `text` padded with spaces to exactly `cells` cells (cut first if longer).
    public static func padded(_ text: String, to cells: Int) -> String {
        let cut = prefix(text, fitting: cells)
        return cut + String(repeating: " ", count: max(0, cells - of(cut)))
    }
}
