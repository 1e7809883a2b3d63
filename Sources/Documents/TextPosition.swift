/// Where an offset lies in a document's indexed text, as editors and readers count: line and
/// column (1-based), and for PDFs the page. The TUI's viewer title, `ask --json` and
/// `ask --vimgrep` all take their places from here, so they always agree.
public struct TextPosition: Equatable, Sendable {
    /// 1-based line: 1 + newlines before the offset.
    public var line: Int
    /// 1-based column in Unicode scalars (characters) from the start of the line; what nano,
    /// emacs, helix and kakoune take.
    public var column: Int
    /// 1-based column in UTF-8 bytes; what vim's `cursor()`, quickfix lists and ripgrep's
    /// `--vimgrep` count.
    public var byteColumn: Int
    /// 1-based page: 1 + form feeds before the offset (pdftotext ends every page with one).
    public var page: Int

    public init(line: Int, column: Int, byteColumn: Int, page: Int) {
        self.line = line
        self.column = column
        self.byteColumn = byteColumn
        self.page = page
    }
}

/// Line starts and page breaks of one text, found once; positions are then binary searches.
/// Memory is per line, not per character (a 30 MB document is not copied).
public struct TextPositions: Sendable {
    private let text: String
    /// Scalar offsets where lines start (the first is 0), and the same places as indices.
    private let lineStarts: [Int]
    private let lineStartIndices: [String.Index]
    /// Scalar offsets of form feeds.
    private let pageBreaks: [Int]
    private let scalarCount: Int

    public init(_ text: String) {
        self.text = text
        var lineStarts = [0]
        var lineStartIndices = [text.unicodeScalars.startIndex]
        var pageBreaks: [Int] = []
        var offset = 0
        var index = text.unicodeScalars.startIndex
        while index < text.unicodeScalars.endIndex {
            let scalar = text.unicodeScalars[index]
            text.unicodeScalars.formIndex(after: &index)
            offset += 1
            if scalar == "\n" {
                lineStarts.append(offset)
                lineStartIndices.append(index)
            } else if scalar == "\u{0C}" {
                pageBreaks.append(offset - 1)
            }
        }
        self.lineStarts = lineStarts
        self.lineStartIndices = lineStartIndices
        self.pageBreaks = pageBreaks
        scalarCount = offset
    }

    /// Number of pages (1 + form feeds).
    public var pageCount: Int { pageBreaks.count + 1 }

    /// The position of a Unicode-scalar offset (clamped to the text).
    public func position(at offset: Int) -> TextPosition {
        let offset = min(max(0, offset), scalarCount)
        // Count of elements ≤ offset (line starts) or < offset (page breaks).
        let line = Self.count(lineStarts) { $0 <= offset }
        let lineStart = lineStarts[line - 1]
        var bytes = 0
        var index = lineStartIndices[line - 1]
        for _ in lineStart..<offset {
            bytes += UTF8.width(text.unicodeScalars[index])
            text.unicodeScalars.formIndex(after: &index)
        }
        let page = 1 + Self.count(pageBreaks) { $0 < offset }
        return TextPosition(line: line, column: offset - lineStart + 1, byteColumn: bytes + 1, page: page)
    }

    /// How many leading elements of a sorted array satisfy `predicate` (a binary search).
    private static func count(_ sorted: [Int], where predicate: (Int) -> Bool) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(sorted[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The position of an offset in `text` (for one-off use; build `TextPositions` for many).
    public static func position(of offset: Int, in text: String) -> TextPosition {
        TextPositions(text).position(at: offset)
    }
}
