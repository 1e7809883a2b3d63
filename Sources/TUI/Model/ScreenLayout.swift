/// A rectangle of the screen.
public struct Rect: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public var height: Int
    public var width: Int
}

/// Where each part of the interface goes for a terminal size: side by side when wide,
/// stacked when narrow, a message when too small.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumColumns = 40
    public static let minimumRows = 10
    public static let sideBySideColumns = 100

    public var question: Rect
    public var answers: Rect
    public var viewer: Rect
    public var status: Rect
    public var sideBySide: Bool

    /// nil when the terminal is below the minimum size. `answerCount`: rows the answers
    /// list would like (it gets less when stacked on a short terminal).
    public init?(rows: Int, columns: Int, answerCount: Int) {
        guard rows >= Self.minimumRows, columns >= Self.minimumColumns else { return nil }
        question = Rect(row: 0, column: 0, height: 1, width: columns)
        status = Rect(row: rows - 1, column: 0, height: 1, width: columns)
        let bodyTop = 1
        let bodyHeight = rows - 2
        if columns >= Self.sideBySideColumns {
            sideBySide = true
            let left = max(36, columns * 2 / 5)
            answers = Rect(row: bodyTop, column: 0, height: bodyHeight, width: left)
            viewer = Rect(row: bodyTop, column: left + 1, height: bodyHeight, width: columns - left - 1)
        } else {
            sideBySide = false
            // Title row + the answers' rows, at most two fifths of the body (at least 3 rows):
            // the document below needs room too.
            let wanted = 1 + max(1, answerCount)
            let height = min(max(3, wanted), max(3, bodyHeight * 2 / 5))
            answers = Rect(row: bodyTop, column: 0, height: height, width: columns)
            viewer = Rect(row: bodyTop + height, column: 0, height: bodyHeight - height, width: columns)
        }
    }
}
