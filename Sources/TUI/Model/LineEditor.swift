import Documents
import Foundation
import Retrieval

/// A one-line text editor: the question line and the prompts. Pure state, edited by keys.
/// Every edit costs O(length) at most (a paste of n characters is O(n²) worst case in the
/// middle of the line, O(n) at its end), and the line holds at most `limit` characters.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character] = []
    /// Cursor position in characters (0...count).
    public private(set) var cursor = 0
    /// The most characters the line holds; typing beyond it is refused (`apply` says so).
    public var limit: Int
    /// What Ctrl-U/K/W, Alt-D and Alt-Backspace deleted last, for Ctrl-Y.
    public private(set) var killed: [Character] = []
    /// Set when the last key was refused because the line is full.
    public private(set) var refusedForLength = false

    public init(_ text: String = "", limit: Int = 4096) {
        self.limit = limit
        characters = Array(text.prefix(limit))
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func set(_ text: String) {
        characters = Array(text.prefix(limit))
        cursor = characters.count
    }

    /// Inserts at the cursor; false (and nothing changes) when the line is full.
    @discardableResult
    public mutating func insert(_ character: Character) -> Bool {
        guard characters.count < limit else { return false }
        if cursor == characters.count { characters.append(character) } else { characters.insert(character, at: cursor) }
        cursor += 1
        return true
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    /// Ctrl-U: delete everything before the cursor.
    public mutating func deleteToStart() {
        kill(0..<cursor)
    }

    /// Ctrl-K: delete everything after the cursor.
    public mutating func deleteToEnd() {
        kill(cursor..<characters.count)
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    /// Where the word before the cursor starts (readline's backward-word, Alt-B).
    private func wordStartBackward() -> Int {
        var start = cursor
        while start > 0, !Self.isWordCharacter(characters[start - 1]) { start -= 1 }
        while start > 0, Self.isWordCharacter(characters[start - 1]) { start -= 1 }
        return start
    }

    /// Where the word after the cursor ends (readline's forward-word, Alt-F).
    private func wordEndForward() -> Int {
        var end = cursor
        while end < characters.count, !Self.isWordCharacter(characters[end]) { end += 1 }
        while end < characters.count, Self.isWordCharacter(characters[end]) { end += 1 }
        return end
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killed = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    /// Ctrl-Y: inserts what was deleted last (as much as fits).
    public mutating func yank() {
        for character in killed where insert(character) {}
    }

    /// The help overlay's lines for the keys `apply` takes, beside the question line's rows
    /// of `KeyTable`: an editing key is added here and in `apply`.
    static let helpLines: [(keys: String, help: String)] = [
        ("← → Home End", "move (also Ctrl-B Ctrl-F Ctrl-A Ctrl-E)"),
        ("Alt-B Alt-F", "a word back / forward"),
        ("Ctrl-U Ctrl-K", "delete before / after the cursor"),
        ("Ctrl-W Alt-Bksp Alt-D", "delete a word back / forward"),
        ("Ctrl-Y", "paste what was deleted last"),
    ]

    /// Applies an editing key (characters, cursor motion, deletions); false for other keys.
    public mutating func apply(_ key: Key) -> Bool {
        refusedForLength = false
        switch key {
        case let .character(c): refusedForLength = !insert(c)
        case .left, .control("b"): moveLeft()
        case .right, .control("f"): moveRight()
        case .home, .control("a"): moveHome()
        case .end, .control("e"): moveEnd()
        case .backspace: backspace()
        case .delete, .control("d"): deleteForward()
        case .control("u"): deleteToStart()
        case .control("k"): deleteToEnd()
        case .control("w"): deleteWordBackward()
        case .control("y"):
            let before = characters.count
            yank()
            refusedForLength = characters.count - before < killed.count
        case .alt("b"), .alt("B"): cursor = wordStartBackward()
        case .alt("f"), .alt("F"): cursor = wordEndForward()
        case .alt("d"), .alt("D"): kill(cursor..<wordEndForward())
        case .altBackspace: kill(wordStartBackward()..<cursor)
        default: return false
        }
        return true
    }

    /// Ctrl-W: delete the word before the cursor (whitespace-delimited, as in a shell).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        kill(start..<cursor)
    }
}
