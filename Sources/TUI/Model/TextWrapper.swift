import Documents

/// One screen line of wrapped text: the Unicode-scalar range of the source it shows.
public struct WrappedLine: Equatable, Sendable {
    public var range: Range<Int>
    public var text: String
}

/// Wraps text to a width in terminal cells, at spaces where possible, hard-breaking words
/// longer than a line, never splitting a character; newlines always break. Ranges are
/// Unicode-scalar offsets, the same unit as answer and passage offsets.
public enum TextWrapper {
    public static func wrap(_ text: String, width: Int) -> [WrappedLine] {
        let width = max(1, width)
        var lines: [WrappedLine] = []
        var line = LineInProgress(start: 0)
        var offset = 0
        for character in text {
            let scalars = character.unicodeScalars.count
            // Form feeds (PDF page breaks) end a line too.
            if character == "\n" || character == "\r\n" || character == "\u{0C}" {
                lines.append(line.finished(upTo: offset))
                offset += scalars
                line = LineInProgress(start: offset)
                continue
            }
            let shown = ControlCharacters.drawn(character)
            let cells = DisplayWidth.of(shown)
            if line.cells + cells > width, !line.characters.isEmpty {
                lines.append(line.breakBefore(offset))
            }
            offset += scalars
            line.append(shown, cells: cells, endingAt: offset)
        }
        if !line.characters.isEmpty || lines.isEmpty || line.start < offset || text.last == "\n" {
            lines.append(line.finished(upTo: offset))
        }
        return lines
    }

    /// The line being filled: its characters as drawn, where it starts in the source, its
    /// width, and the last space in it (where to break, and the state after it).
    private struct LineInProgress {
        var characters: [Character] = []
        var start: Int
        var cells = 0
        var breakPoint: (characters: Int, offset: Int, cells: Int)?

        init(start: Int) { self.start = start }

        mutating func append(_ character: Character, cells: Int, endingAt offset: Int) {
            characters.append(character)
            self.cells += cells
            if character == " " { breakPoint = (characters.count, offset, self.cells) }
        }

        func finished(upTo end: Int) -> WrappedLine {
            WrappedLine(range: start..<end, text: String(characters))
        }

        /// The line is full before the character at `offset`: it ends after its last space
        /// (the rest moves down to the next line), or here when it has none (a word longer
        /// than the line is hard-broken). Returns the finished line.
        mutating func breakBefore(_ offset: Int) -> WrappedLine {
            defer { breakPoint = nil }
            if let point = breakPoint, point.characters < characters.count {
                let line = WrappedLine(range: start..<point.offset, text: String(characters[..<point.characters]))
                characters = Array(characters[point.characters...])
                start = point.offset
                cells -= point.cells
                return line
            }
            let line = finished(upTo: offset)
            self = LineInProgress(start: offset)
            return line
        }
    }
}
