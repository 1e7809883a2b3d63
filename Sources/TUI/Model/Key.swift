/// A key press (or mouse event), decoded from the terminal.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-A … Ctrl-Z, by lowercase letter
    /// Alt (Meta) + a character: the terminal sends Esc then the character within the escape
    /// timeout.
    case alt(Character)
    case altBackspace
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case resize
    case mouse(MouseEvent)

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
            guard let scalar = Unicode.Scalar(code), !(0x80..<0xA0).contains(code) else { return nil }
            self = .character(Character(scalar))
        }
    }

    /// Esc followed by `next` within the escape timeout: Alt + that key.
    public static func alt(after next: Key) -> Key? {
        switch next {
        case let .character(c): return .alt(c)
        case .backspace: return .altBackspace
        default: return nil
        }
    }

    /// A printable character typed as text (not a command).
    var printable: Character? {
        if case let .character(c) = self { return c }
        return nil
    }
}

/// A mouse press or wheel step at a screen cell.
public struct MouseEvent: Equatable, Hashable, Sendable {
    public enum Kind: Equatable, Hashable, Sendable { case press, wheelUp, wheelDown }
    public var row: Int
    public var column: Int
    public var kind: Kind

    public init(row: Int, column: Int, kind: Kind) {
        self.row = row
        self.column = column
        self.kind = kind
    }
}

/// Where keys go. In `.question` every printable key is text (typing mode); in `.answers`
/// and `.viewer` single keys are commands (browsing mode), and a printable key that is not a
/// command starts a new question, so typing never runs a command it did not mean.
public enum Focus: String, Equatable, Sendable, CaseIterable {
    case question, answers, viewer
}

/// Everything the interface can be asked to do by a key.
public enum Command: Equatable, Sendable {
    case ask, cancelOrQuit, quit, help, focusNext, focusPrevious, leaveQuestion, backToAnswers, suspend
    case nextAnswer, previousAnswer, firstAnswer, lastAnswer, answersPageDown, answersPageUp, openAnswer
    case nextPlace, previousPlace
    case lineDown, lineUp, pageDown, pageUp, top, bottom
    case search, nextMatch, previousMatch
    case openEditor, openPager, copyAnswer, info
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
        KeyBinding(keys: [.up], label: "↑ ↓", scopes: [.question], command: .historyOlder, help: "earlier / later questions"),
        KeyBinding(keys: [.down], label: "", scopes: [.question], command: .historyNewer, help: ""),
        KeyBinding(keys: [.control("n")], label: "Ctrl-N Ctrl-P", scopes: [.question], command: .nextAnswer, help: "next / previous answer"),
        KeyBinding(keys: [.control("p")], label: "", scopes: [.question], command: .previousAnswer, help: ""),
        KeyBinding(keys: [.pageDown], label: "PgDn PgUp", scopes: [.question], command: .pageDown, help: "scroll the document"),
        KeyBinding(keys: [.pageUp], label: "", scopes: [.question], command: .pageUp, help: ""),
        KeyBinding(keys: [.escape], label: "Esc", scopes: [.question], command: .leaveQuestion, help: "browse: single keys become commands"),
        KeyBinding(keys: [.control("o")], label: "Ctrl-O", scopes: [.question], command: .loadFolder, help: "open another folder"),

        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.answers], command: .nextAnswer, help: "next / previous answer"),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.answers], command: .previousAnswer, help: ""),
        KeyBinding(keys: [.character("g"), .home], label: "g G Home End", scopes: [.answers], command: .firstAnswer, help: "first / last answer"),
        KeyBinding(keys: [.character("G"), .end], label: "", scopes: [.answers], command: .lastAnswer, help: ""),
        KeyBinding(keys: [.pageDown, .character(" ")], label: "PgDn PgUp", scopes: [.answers], command: .answersPageDown, help: "a page of answers down / up"),
        KeyBinding(keys: [.pageUp], label: "", scopes: [.answers], command: .answersPageUp, help: ""),
        KeyBinding(keys: [.enter, .character("o")], label: "Enter o", scopes: [.answers], command: .openAnswer, help: "go to the answer in its document"),

        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.viewer], command: .lineDown, help: "scroll the document a line"),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.viewer], command: .lineUp, help: ""),
        KeyBinding(keys: [.pageDown, .character(" ")], label: "PgDn Space", scopes: [.viewer], command: .pageDown, help: "scroll the document a page down"),
        KeyBinding(keys: [.pageUp, .character("b")], label: "PgUp b", scopes: [.viewer], command: .pageUp, help: "scroll a page up"),
        KeyBinding(keys: [.character("g"), .home], label: "g G Home End", scopes: [.viewer], command: .top, help: "top / bottom of the document"),
        KeyBinding(keys: [.character("G"), .end], label: "", scopes: [.viewer], command: .bottom, help: ""),
        KeyBinding(keys: [.escape], label: "Esc", scopes: [.viewer], command: .backToAnswers, help: "back to the answers"),

        KeyBinding(keys: [.character("n")], label: "n N", scopes: outsideQuestion, command: .nextAnswer, help: "next / previous answer (matches after a / search)"),
        KeyBinding(keys: [.character("N")], label: "", scopes: outsideQuestion, command: .previousAnswer, help: ""),
        KeyBinding(keys: [.character("]")], label: "] [", scopes: outsideQuestion, command: .nextPlace, help: "next / previous place of the same answer"),
        KeyBinding(keys: [.character("[")], label: "", scopes: outsideQuestion, command: .previousPlace, help: ""),
        KeyBinding(keys: [.character("/")], label: "/", scopes: outsideQuestion, command: .search, help: "search in the open document"),
        KeyBinding(keys: [.character("v"), .character("e")], label: "v e", scopes: outsideQuestion, command: .openEditor, help: "open the document in $VISUAL / $EDITOR at the answer"),
        KeyBinding(keys: [.character("p")], label: "p", scopes: outsideQuestion, command: .openPager, help: "read the document's text in $PAGER at the answer"),
        KeyBinding(keys: [.character("y")], label: "y", scopes: outsideQuestion, command: .copyAnswer, help: "copy the answer and its place (OSC 52 clipboard)"),
        KeyBinding(keys: [.character("="), .control("g")], label: "= Ctrl-G", scopes: outsideQuestion, command: .info, help: "full paths, index report, skipped files"),
        KeyBinding(keys: [.character("r")], label: "r", scopes: outsideQuestion, command: .reindex, help: "re-index the folder now"),
        KeyBinding(keys: [.character(":"), .control("o")], label: ": Ctrl-O", scopes: outsideQuestion, command: .loadFolder, help: "open another folder"),
        KeyBinding(keys: [.character("?")], label: "?", scopes: outsideQuestion, command: .help, help: "this help"),
        KeyBinding(keys: [.character("q")], label: "q", scopes: outsideQuestion, command: .quit, help: "quit (asks first while work runs or a question is unasked)"),
        KeyBinding(keys: [.tab], label: "Tab Shift-Tab", scopes: everywhere, command: .focusNext, help: "next / previous pane: question, answers, document"),
        KeyBinding(keys: [.backTab], label: "", scopes: everywhere, command: .focusPrevious, help: ""),
        KeyBinding(keys: [.control("z")], label: "Ctrl-Z", scopes: everywhere, command: .suspend, help: "suspend to the shell (fg returns)"),
        KeyBinding(keys: [.control("c")], label: "Ctrl-C", scopes: everywhere, command: .cancelOrQuit, help: "cancel the running work; twice quits"),
    ]

    /// The command a key means in a pane, if any.
    public static func command(for key: Key, in focus: Focus) -> Command? {
        bindings.first { $0.scopes.contains(focus) && $0.keys.contains(key) }?.command
    }

    /// Lines of the help overlay, grouped by where the keys work; a line with empty keys is
    /// a section title.
    public static var helpLines: [(keys: String, help: String)] {
        let sections: [(String, (Set<Focus>) -> Bool)] = [
            ("Question line (typing: every letter is text)", { $0 == [.question] }),
            ("Answers list", { $0 == [.answers] }),
            ("Document", { $0 == [.viewer] }),
            ("Browsing answers and document (any other letter starts a new question)", { $0 == outsideQuestion }),
            ("Anywhere", { $0 == everywhere }),
        ]
        var lines: [(keys: String, help: String)] = []
        for (title, matches) in sections {
            let entries = bindings.filter { !$0.label.isEmpty && matches($0.scopes) }.map { ($0.label, $0.help) }
            guard !entries.isEmpty else { continue }
            lines.append(("", title))
            lines += entries
            if matches([.question]) {
                lines += [("← → Home End", "move (also Ctrl-B Ctrl-F Ctrl-A Ctrl-E)"),
                          ("Alt-B Alt-F", "a word back / forward"),
                          ("Ctrl-U Ctrl-K", "delete before / after the cursor"),
                          ("Ctrl-W Alt-Bksp Alt-D", "delete a word back / forward"),
                          ("Ctrl-Y", "paste what was deleted last")]
            }
        }
        lines += [("", "Mouse"), ("click", "choose an answer / focus a pane"), ("wheel", "scroll the pane under the pointer (--no-mouse turns the mouse off)")]
        return lines
    }
}
