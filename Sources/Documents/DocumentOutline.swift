/// A heading of a document: where it starts in the document's text, its level (1 = top) and
/// its text. Headings give each passage the path of the section it sits in.
public struct DocumentHeading: Sendable, Equatable {
    /// Unicode-scalar offset of the heading's text in the document's text.
    public var offset: Int
    public var level: Int
    public var text: String

    public init(offset: Int, level: Int, text: String) {
        self.offset = offset
        self.level = level
        self.text = text
    }
}

/// Text extracted from markup, with what the markup said about its structure.
public struct StructuredText: Sendable, Equatable {
    public var text: String
    public var title: String?
    public var headings: [DocumentHeading]
    /// What the reader left out or changed, for the index report ("cut after 200,000 rows").
    public var notes: [String] = []
    /// The table rows in `text`, in order (`TableRowPlace`).
    public var tableRows: [TableRowPlace] = []

    public init(text: String, title: String? = nil, headings: [DocumentHeading] = []) {
        self.text = text
        self.title = title
        self.headings = headings
    }
}

/// The headings of a document in order, answering "which section is this offset in?".
public struct DocumentOutline: Sendable, Equatable {
    public let headings: [DocumentHeading]

    public init(_ headings: [DocumentHeading]) {
        self.headings = headings.sorted { $0.offset < $1.offset }
    }

    /// The headings enclosing `offset`: the last heading at or before it, and the last heading
    /// of each lower level before that one (an h3 under an h1 with no h2 is fine).
    public func path(at offset: Int) -> [DocumentHeading] {
        // Binary search: the number of headings starting at or before `offset`.
        var low = 0, high = headings.count
        while low < high {
            let middle = (low + high) / 2
            if headings[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        var path: [DocumentHeading] = []
        var level = Int.max
        var i = low - 1
        while i >= 0, level > 1 {
            if headings[i].level < level {
                path.append(headings[i])
                level = headings[i].level
            }
            i -= 1
        }
        return path.reversed()
    }

    /// The section path as one line ("Early life › Family"), leaving out a top heading that
    /// only repeats the document's title.
    public func sectionLine(at offset: Int, title: String) -> String {
        var path = self.path(at: offset).map(\.text)
        if let first = path.first, first.caseInsensitiveCompare(title) == .orderedSame { path.removeFirst() }
        return path.joined(separator: " › ")
    }
}
