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

/// Questions asked before, newest last, each with the scope it was asked in; ↑/↓ walk
/// through them.
public struct QuestionHistory: Equatable, Sendable {
    public private(set) var entries: [String]
    /// The scope of each entry asked within documents (absent: the whole folder).
    public private(set) var scopes: [String: QuestionScope] = [:]
    /// nil while editing a new question.
    public private(set) var position: Int?
    private var draft = ""
    public static let limit = 500

    public init(entries: [String] = []) {
        self.entries = Array(entries.suffix(Self.limit))
    }

    /// A history file's lines: a question, then its scope's patterns, each after a tab (a
    /// line without a tab, as earlier versions wrote, is a question of the whole folder).
    public init(lines: [String]) {
        self.init()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            record(fields[0], scope: QuestionScope(Array(fields.dropFirst()).filter { !$0.isEmpty }))
        }
    }

    /// The lines `init(lines:)` reads (tabs and line breaks in a question or pattern become spaces).
    public var lines: [String] {
        entries.map { entry in
            ([entry] + (scopes[entry]?.patterns ?? [])).map { ControlCharacters.spaced($0) }.joined(separator: "\t")
        }
    }

    public mutating func record(_ question: String, scope: QuestionScope = .folder) {
        let trimmed = question.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        entries.removeAll { $0 == trimmed }
        entries.append(trimmed)
        scopes[trimmed] = scope.isWholeFolder ? nil : scope
        if entries.count > Self.limit {
            for dropped in entries.prefix(entries.count - Self.limit) { scopes[dropped] = nil }
            entries.removeFirst(entries.count - Self.limit)
        }
        position = nil
    }

    /// The scope `entry` was last asked in; nil when it is not in the history.
    public func scope(of entry: String) -> QuestionScope? {
        entries.contains(entry) ? scopes[entry] ?? .folder : nil
    }

    /// The older entry to show, or nil at the oldest.
    public mutating func older(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        if position == nil { draft = current }
        let next = (position ?? entries.count) - 1
        guard next >= 0 else { return nil }
        position = next
        return entries[next]
    }

    /// The newer entry, or the draft once past the newest.
    public mutating func newer() -> String? {
        guard let current = position else { return nil }
        if current + 1 < entries.count {
            position = current + 1
            return entries[current + 1]
        }
        position = nil
        return draft
    }
}

