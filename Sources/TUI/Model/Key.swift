/// A key press, decoded from the terminal.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-A … Ctrl-Z, by lowercase letter
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case resize

    /// Decodes a character code as ncurses delivers it.
    public init?(code: UInt32) {
        switch code {
        case 9: self = .tab
        case 10, 13: self = .enter
        case 27: self = .escape
        case 8, 127: self = .backspace
        case 1...26: self = .control(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            self = .character(Character(scalar))
        }
    }
}

/// Where keys go.
public enum Focus: String, Equatable, Sendable, CaseIterable {
    case question, answers, viewer
}

/// Everything the interface can be asked to do by a key.
public enum Command: Equatable, Sendable {
    case ask, cancelOrQuit, quit, help, focusNext, focusPrevious, leaveQuestion
    case nextAnswer, previousAnswer, openAnswer
    case lineDown, lineUp, pageDown, pageUp, top, bottom
    case search, nextMatch, previousMatch
    case reindex, loadFolder
    case historyOlder, historyNewer
}

/// One row of the key table: the keys, where they work, what they do. The help overlay is
/// generated from this table, and key handling reads it, so the two never disagree.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var scopes: Set<Focus>
    public var command: Command
    public var help: String
}

public enum KeyTable {
    static let everywhere: Set<Focus> = [.question, .answers, .viewer]
    static let outsideQuestion: Set<Focus> = [.answers, .viewer]

    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", scopes: [.question], command: .ask, help: "ask the question"),
        KeyBinding(keys: [.up, .down], label: "↑ ↓", scopes: [.question], command: .historyOlder, help: "earlier / later questions"),
        KeyBinding(keys: [.escape], label: "Esc", scopes: [.question], command: .leaveQuestion, help: "leave the question line"),
        KeyBinding(keys: [.tab], label: "Tab Shift-Tab", scopes: everywhere, command: .focusNext, help: "next / previous pane: question, answers, document"),
        KeyBinding(keys: [.backTab], label: "", scopes: everywhere, command: .focusPrevious, help: ""),
        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.answers], command: .nextAnswer, help: "next / previous answer"),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.answers], command: .previousAnswer, help: ""),
        KeyBinding(keys: [.enter, .character("o")], label: "Enter o", scopes: [.answers], command: .openAnswer, help: "open the answer in its document"),
        KeyBinding(keys: [.character("n")], label: "n N", scopes: outsideQuestion, command: .nextAnswer, help: "next / previous answer (matches after a / search)"),
        KeyBinding(keys: [.character("N")], label: "", scopes: outsideQuestion, command: .previousAnswer, help: ""),
        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.viewer], command: .lineDown, help: "scroll the document a line"),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.viewer], command: .lineUp, help: ""),
        KeyBinding(keys: [.pageDown, .character(" ")], label: "PgDn Space", scopes: [.viewer], command: .pageDown, help: "scroll the document a page down"),
        KeyBinding(keys: [.pageUp, .character("b")], label: "PgUp b", scopes: [.viewer], command: .pageUp, help: "scroll a page up"),
        KeyBinding(keys: [.character("g"), .home], label: "g G", scopes: [.viewer], command: .top, help: "top / bottom of the document"),
        KeyBinding(keys: [.character("G"), .end], label: "", scopes: [.viewer], command: .bottom, help: ""),
        KeyBinding(keys: [.character("/")], label: "/", scopes: outsideQuestion, command: .search, help: "search in the open document"),
        KeyBinding(keys: [.character("r")], label: "r", scopes: outsideQuestion, command: .reindex, help: "re-index the folder"),
        KeyBinding(keys: [.character(":"), .control("o")], label: ": Ctrl-O", scopes: outsideQuestion, command: .loadFolder, help: "open another folder"),
        KeyBinding(keys: [.control("o")], label: "", scopes: [.question], command: .loadFolder, help: ""),
        KeyBinding(keys: [.character("?")], label: "?", scopes: outsideQuestion, command: .help, help: "this help"),
        KeyBinding(keys: [.character("q")], label: "q", scopes: outsideQuestion, command: .quit, help: "quit"),
        KeyBinding(keys: [.control("c")], label: "Ctrl-C", scopes: everywhere, command: .cancelOrQuit, help: "cancel the running work; twice quits"),
    ]

    /// The command a key means in a pane, if any.
    public static func command(for key: Key, in focus: Focus) -> Command? {
        if focus == .question, key == .down { return .historyNewer }
        return bindings.first { $0.scopes.contains(focus) && $0.keys.contains(key) }?.command
    }

    /// Lines of the help overlay, grouped by where the keys work; a line with empty keys is
    /// a section title.
    public static var helpLines: [(keys: String, help: String)] {
        let sections: [(String, (Set<Focus>) -> Bool)] = [
            ("Question line", { $0 == [.question] }),
            ("Answers list", { $0 == [.answers] }),
            ("Document", { $0 == [.viewer] }),
            ("Answers and document", { $0 == outsideQuestion }),
            ("Anywhere", { $0 == everywhere }),
        ]
        var lines: [(keys: String, help: String)] = []
        for (title, matches) in sections {
            let entries = bindings.filter { !$0.label.isEmpty && matches($0.scopes) }.map { ($0.label, $0.help) }
            guard !entries.isEmpty else { continue }
            lines.append(("", title))
            lines += entries
            if title == "Question line" {
                lines += [("← → Home End", "move the cursor (also Ctrl-A, Ctrl-E)"), ("Ctrl-U Ctrl-K Ctrl-W", "delete before / after the cursor, a word")]
            }
        }
        return lines
    }
}
