/// How a span of text looks.
public struct Style: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let bold = Style(rawValue: 1)
    public static let reverse = Style(rawValue: 2)
    public static let underline = Style(rawValue: 4)
    public static let dim = Style(rawValue: 8)
}

/// Colour roles (drawn only when the terminal has colours and NO_COLOR is unset).
public enum ColorRole: Int, Sendable {
    case plain = 0, highlight, accent, muted, bar, error
}

public struct Span: Equatable, Sendable {
    public var text: String
    public var style: Style = []
    public var color: ColorRole = .plain

    public init(_ text: String, _ style: Style = [], _ color: ColorRole = .plain) {
        self.text = text
        self.style = style
        self.color = color
    }
}

/// A full screen as rows of styled spans (each row fits the width), plus the cursor.
public struct Frame: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public var lines: [[Span]]
    public var cursor: (row: Int, column: Int)?

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        lines = Array(repeating: [], count: rows)
    }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.lines == b.lines && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }

    /// The plain text of a row.
    public func text(_ row: Int) -> String { lines[row].map(\.text).joined() }

    /// Writes spans at a row and column, clipped to `width` cells.
    mutating func put(_ row: Int, _ column: Int, _ spans: [Span], width: Int) {
        guard row >= 0, row < rows else { return }
        var line = lines[row]
        var used = DisplayWidth.of(line.map(\.text).joined())
        if used < column {
            line.append(Span(String(repeating: " ", count: column - used)))
            used = column
        }
        var left = min(width, columns - used)
        for span in spans where left > 0 {
            let clipped = DisplayWidth.prefix(span.text, fitting: left)
            if clipped.isEmpty { continue }
            line.append(Span(clipped, span.style, span.color))
            left -= DisplayWidth.of(clipped)
        }
        lines[row] = line
    }
}
