/// Every key of the interface, in one table: `AppState.handle` dispatches through it and the
/// help overlay (`?`) is drawn from it. The line editor's own keys (Ctrl-A, Alt-B, …) are
/// `LineEditor`'s, listed in the help beside the question line's rows.
public enum KeyTable {
    static let everywhere: Set<Focus> = [.question, .answers, .viewer]
    static let outsideQuestion: Set<Focus> = [.answers, .viewer]

    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", scopes: [.question], help: "ask the question", effects: { $0.ask() }),
        KeyBinding(keys: [.up], label: "↑ ↓", scopes: [.question], help: "earlier / later questions", does: { $0.showOlderQuestion() }),
        KeyBinding(keys: [.down], label: "", scopes: [.question], help: "", does: { $0.showNewerQuestion() }),
        KeyBinding(keys: [.control("n")], label: "Ctrl-N Ctrl-P", scopes: [.question], help: "next / previous answer", does: { $0.select($0.selected + 1) }),
        KeyBinding(keys: [.control("p")], label: "", scopes: [.question], help: "", does: { $0.select($0.selected - 1) }),
        KeyBinding(keys: [.pageDown], label: "PgDn PgUp", scopes: [.question], help: "scroll the document", does: { $0.scrollPage(by: 1) }),
        KeyBinding(keys: [.pageUp], label: "", scopes: [.question], help: "", does: { $0.scrollPage(by: -1) }),
        KeyBinding(keys: [.escape], label: "Esc", scopes: [.question], help: "browse: single keys become commands", does: { $0.focus = .answers }),
        KeyBinding(keys: [.control("o")], label: "Ctrl-O", scopes: [.question], help: "open another folder", does: { $0.showFolderPrompt() }),

        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.answers], help: "next / previous answer", does: { $0.select($0.selected + 1) }),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.answers], help: "", does: { $0.select($0.selected - 1) }),
        KeyBinding(keys: [.character("g"), .home], label: "g G Home End", scopes: [.answers], help: "first / last answer", does: { $0.select(0) }),
        KeyBinding(keys: [.character("G"), .end], label: "", scopes: [.answers], help: "", does: { $0.select($0.answers.count - 1) }),
        KeyBinding(keys: [.pageDown, .character(" ")], label: "PgDn PgUp", scopes: [.answers], help: "a page of answers down / up", does: { $0.selectPage(by: 1) }),
        KeyBinding(keys: [.pageUp], label: "", scopes: [.answers], help: "", does: { $0.selectPage(by: -1) }),
        KeyBinding(keys: [.enter, .character("o")], label: "Enter o", scopes: [.answers], help: "go to the answer in its document", does: { $0.goToAnswer() }),

        KeyBinding(keys: [.character("j"), .down], label: "j k ↓ ↑", scopes: [.viewer], help: "scroll the document a line", does: { $0.scroll(by: 1) }),
        KeyBinding(keys: [.character("k"), .up], label: "", scopes: [.viewer], help: "", does: { $0.scroll(by: -1) }),
        KeyBinding(keys: [.pageDown, .character(" ")], label: "PgDn Space", scopes: [.viewer], help: "scroll the document a page down", does: { $0.scrollPage(by: 1) }),
        KeyBinding(keys: [.pageUp, .character("b")], label: "PgUp b", scopes: [.viewer], help: "scroll a page up", does: { $0.scrollPage(by: -1) }),
        KeyBinding(keys: [.character("g"), .home], label: "g G Home End", scopes: [.viewer], help: "top / bottom of the document", does: { $0.scrollToTop() }),
        KeyBinding(keys: [.character("G"), .end], label: "", scopes: [.viewer], help: "", does: { $0.scroll(by: Int.max / 2) }),
        KeyBinding(keys: [.escape], label: "Esc", scopes: [.viewer], help: "back to the answers", does: { $0.focus = .answers }),

        KeyBinding(keys: [.character("n")], label: "n N", scopes: outsideQuestion, help: "next / previous answer (matches after a / search)",
                   does: { $0.nextAnswerOrMatch(by: 1) }),
        KeyBinding(keys: [.character("N")], label: "", scopes: outsideQuestion, help: "", does: { $0.nextAnswerOrMatch(by: -1) }),
        KeyBinding(keys: [.character("]")], label: "] [", scopes: outsideQuestion, help: "next / previous place of the same answer", does: { $0.stepPlace(by: 1) }),
        KeyBinding(keys: [.character("[")], label: "", scopes: outsideQuestion, help: "", does: { $0.stepPlace(by: -1) }),
        KeyBinding(keys: [.character("/")], label: "/", scopes: outsideQuestion, help: "search in the open document", does: { $0.showSearchPrompt() }),
        KeyBinding(keys: [.character("v"), .character("e")], label: "v e", scopes: outsideQuestion, help: "open the document in $VISUAL / $EDITOR at the answer",
                   effects: { $0.handOff(Effect.openEditor) }),
        KeyBinding(keys: [.character("p")], label: "p", scopes: outsideQuestion, help: "read the document's text in $PAGER at the answer",
                   effects: { $0.handOff(Effect.openPager) }),
        KeyBinding(keys: [.character("y")], label: "y", scopes: outsideQuestion, help: "copy the answer and its place (OSC 52 clipboard)", effects: { $0.copyAnswer() }),
        KeyBinding(keys: [.character("="), .control("g")], label: "= Ctrl-G", scopes: outsideQuestion, help: "full paths, index report, skipped files",
                   does: { $0.overlay = Overlay(kind: .info) }),
        KeyBinding(keys: [.character("r")], label: "r", scopes: outsideQuestion, help: "re-index the folder now", effects: { $0.reindex() }),
        KeyBinding(keys: [.character("s")], label: "s S", scopes: outsideQuestion, help: "ask the next questions within the open document / the whole folder",
                   does: { $0.scopeToOpenDocument() }),
        KeyBinding(keys: [.character("S")], label: "", scopes: outsideQuestion, help: "", does: { $0.widenScope() }),
        KeyBinding(keys: [.character(":")], label: ":", scopes: outsideQuestion, help: "ask within the documents these --in patterns name (empty: the whole folder)",
                   does: { $0.showScopePrompt() }),
        KeyBinding(keys: [.control("o")], label: "Ctrl-O", scopes: outsideQuestion, help: "open another folder", does: { $0.showFolderPrompt() }),
        KeyBinding(keys: [.character("?")], label: "?", scopes: outsideQuestion, help: "this help", does: { $0.overlay = Overlay(kind: .help) }),
        KeyBinding(keys: [.character("q")], label: "q", scopes: outsideQuestion, help: "quit (asks first while work runs or a question is unasked)",
                   confirming: { $0.quit(armed: $1) }),
        KeyBinding(keys: [.tab], label: "Tab Shift-Tab", scopes: everywhere, help: "next / previous pane: question, answers, document", does: { $0.moveFocus(by: 1) }),
        KeyBinding(keys: [.backTab], label: "", scopes: everywhere, help: "", does: { $0.moveFocus(by: -1) }),
        KeyBinding(keys: [.control("z")], label: "Ctrl-Z", scopes: everywhere, help: "suspend to the shell (fg returns)", effects: { _ in [.suspend] }),
        KeyBinding(keys: [.control("c")], label: "Ctrl-C", scopes: everywhere, help: "cancel the running work; twice quits",
                   confirming: { $0.cancelOrQuit(armed: $1) }),
    ]

    /// What a key means in a pane, if anything.
    public static func binding(for key: Key, in focus: Focus) -> KeyBinding? {
        bindings.first { $0.scopes.contains(focus) && $0.keys.contains(key) }
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
            if matches([.question]) { lines += LineEditor.helpLines }
        }
        lines += [("", "Mouse"), ("click", "choose an answer / focus a pane"), ("wheel", "scroll the pane under the pointer (--no-mouse turns the mouse off)")]
        return lines
    }
}
