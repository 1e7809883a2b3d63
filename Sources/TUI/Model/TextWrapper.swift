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
        var line = ""
        var lineStart = 0
        var lineCells = 0
        // The last space in the current line: where to break, and the state after it.
        var breakPoint: (characters: Int, offset: Int, cells: Int)?
        var offset = 0
        var lineCharacters: [Character] = []

        func emit(upTo end: Int) {
            lines.append(WrappedLine(range: lineStart..<end, text: line))
        }

        for character in text {
            let scalars = character.unicodeScalars.count
            // Form feeds (PDF page breaks) end a line too.
            if character == "\n" || character == "\r\n" || character == "\u{0C}" {
                emit(upTo: offset)
                offset += scalars
                lineStart = offset
                line = ""
                lineCharacters = []
                lineCells = 0
                breakPoint = nil
                continue
            }
            let shown = ControlCharacters.drawn(character)
            let cells = DisplayWidth.of(shown)
            if lineCells + cells > width, !lineCharacters.isEmpty {
                if let point = breakPoint, point.characters < lineCharacters.count {
                    // Break after the last space: the rest of the line moves down.
                    let head = Array(lineCharacters[..<point.characters])
                    let tail = Array(lineCharacters[point.characters...])
                    line = String(head)
                    emit(upTo: point.offset)
                    lineStart = point.offset
                    lineCharacters = tail
                    line = String(tail)
                    lineCells = lineCells - point.cells
                } else {
                    emit(upTo: offset)
                    lineStart = offset
                    lineCharacters = []
                    line = ""
                    lineCells = 0
                }
                breakPoint = nil
            }
            lineCharacters.append(shown)
            line.append(shown)
            lineCells += cells
            offset += scalars
            if shown == " " { breakPoint = (lineCharacters.count, offset, lineCells) }
        }
        if !lineCharacters.isEmpty || lines.isEmpty || lineStart < offset || text.last == "\n" {
            emit(upTo: offset)
        }
        return lines
    }
}
