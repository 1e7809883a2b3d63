import Foundation

/// Headings of plain-text kinds whose structure is in their lines: org-mode outlines and
/// YAML's top-level keys. The text is indexed as it is; offsets point at the heading lines.
extension MarkupHeadings {
    /// Org-mode headlines: "* Title", "** Sub" (level = stars, at most 6), a TODO keyword and
    /// trailing ":tags:" left out of the heading's text; `#+TITLE:` is the title.
    public static func org(_ text: String) -> StructuredText {
        var headings: [DocumentHeading] = []
        var title: String?
        var inBlock = false
        for line in lines(text) {
            let upper = line.text.prefix(12).uppercased()
            if upper.hasPrefix("#+BEGIN_") { inBlock = true; continue }
            if upper.hasPrefix("#+END_") { inBlock = false; continue }
            if title == nil, upper.hasPrefix("#+TITLE:") {
                let value = line.text.dropFirst(8).trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { title = value }
                continue
            }
            guard !inBlock, line.text.hasPrefix("*") else { continue }
            let stars = line.text.prefix { $0 == "*" }.count
            let rest = line.text.dropFirst(stars)
            guard rest.first == " " || rest.first == "\t" else { continue }
            var words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let first = words.first, ["TODO", "DONE", "NEXT", "WAITING", "CANCELLED"].contains(first) { words.removeFirst() }
            if let last = words.last, last.count > 2, last.hasPrefix(":"), last.hasSuffix(":") { words.removeLast() }
            let heading = words.joined(separator: " ")
            if !heading.isEmpty { headings.append(DocumentHeading(offset: line.offset, level: min(stars, 6), text: heading)) }
        }
        return StructuredText(text: text, title: title, headings: headings)
    }

    /// YAML: a top-level key that opens a block ("server:" with nothing after it but a
    /// comment) is a heading, so that "port: 8080" below it sits in section "server".
    public static func yaml(_ text: String) -> [DocumentHeading] {
        var headings: [DocumentHeading] = []
        for line in lines(text) {
            guard let first = line.text.first, first != " ", first != "\t", first != "#", first != "-" else { continue }
            var content = line.text
            if let hash = content.range(of: " #") { content = content[..<hash.lowerBound] }
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            guard trimmed.count > 1, trimmed.hasSuffix(":") else { continue }
            var key = String(trimmed.dropLast())
            if key.count >= 2, let quote = key.first, quote == "\"" || quote == "'", key.last == quote { key = String(key.dropFirst().dropLast()) }
            guard !key.isEmpty, !key.contains(": ") else { continue }
            headings.append(DocumentHeading(offset: line.offset, level: 1, text: String(key.prefix(200))))
        }
        return headings
    }
}
