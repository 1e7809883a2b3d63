import Foundation

/// Headings of Markdown and reStructuredText, found in the text as it is indexed (the text is
/// not changed; offsets point at the heading lines).
public enum MarkupHeadings {
    struct Line {
        var offset: Int  // scalar offset of the line's first character
        var text: Substring
    }

    static func lines(_ text: String) -> [Line] {
        var result: [Line] = []
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            result.append(Line(offset: offset, text: line))
            offset += line.unicodeScalars.count + 1
        }
        return result
    }

    /// ATX (`## Title`) and setext (`Title` over `===` or `---`) headings, outside fenced code.
    public static func markdown(_ text: String) -> [DocumentHeading] {
        let lines = lines(text)
        var headings: [DocumentHeading] = []
        var fence: Character?
        for (i, line) in lines.enumerated() {
            let trimmed = line.text.drop { $0 == " " }
            if let mark = trimmed.first, mark == "`" || mark == "~", trimmed.prefix(3).allSatisfy({ $0 == mark }), trimmed.count >= 3 {
                fence = fence == nil ? mark : (fence == mark ? nil : fence)
                continue
            }
            if fence != nil { continue }
            if line.text.hasPrefix("#") {
                let hashes = line.text.prefix { $0 == "#" }.count
                let rest = line.text.dropFirst(hashes)
                guard hashes <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
                var title = rest.trimmingCharacters(in: .whitespaces)
                while title.hasSuffix("#") { title.removeLast() }
                title = title.trimmingCharacters(in: .whitespaces)
                if !title.isEmpty { headings.append(DocumentHeading(offset: line.offset, level: hashes, text: title)) }
                continue
            }
            // Setext: a text line (not a list item or quote) underlined by = or -.
            if i + 1 < lines.count, !line.text.trimmingCharacters(in: .whitespaces).isEmpty,
               i == 0 || lines[i - 1].text.trimmingCharacters(in: .whitespaces).isEmpty,
               !line.text.hasPrefix(">"), !line.text.hasPrefix("- "), !line.text.hasPrefix("* ") {
                let under = lines[i + 1].text.trimmingCharacters(in: .whitespaces)
                if under.count >= 2, let mark = under.first, mark == "=" || mark == "-", under.allSatisfy({ $0 == mark }) {
                    headings.append(DocumentHeading(offset: line.offset, level: mark == "=" ? 1 : 2,
                                                    text: line.text.trimmingCharacters(in: .whitespaces)))
                }
            }
        }
        return headings
    }

    /// reStructuredText section titles: a line underlined (and maybe overlined) by one repeated
    /// punctuation character at least as long as the title; levels in order of first use.
    public static func restructuredText(_ text: String) -> [DocumentHeading] {
        let lines = lines(text)
        var headings: [DocumentHeading] = []
        var styles: [String] = []  // adornment styles in order of appearance = levels
        func adornment(_ line: Substring) -> Character? {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.count >= 3, let mark = trimmed.first, mark.isPunctuation || mark.isSymbol,
                  trimmed.allSatisfy({ $0 == mark }) else { return nil }
            return mark
        }
        var i = 0
        while i + 1 < lines.count {
            let title = lines[i].text.trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty, adornment(lines[i].text) == nil, let mark = adornment(lines[i + 1].text),
                  lines[i + 1].text.trimmingCharacters(in: .whitespaces).count >= title.count else {
                i += 1
                continue
            }
            let overlined = i > 0 && adornment(lines[i - 1].text) == mark
            let style = "\(mark)\(overlined ? "o" : "")"
            if !styles.contains(style) { styles.append(style) }
            let level = styles.firstIndex(of: style)! + 1
            headings.append(DocumentHeading(offset: lines[i].offset, level: min(level, 6), text: title))
            i += 2
        }
        return headings
    }
}
