import Foundation

/// Key handling: every key goes through `handle`, which dispatches through `KeyTable`; what
/// the table cannot say is here: Esc-then-key arriving as Alt, overlays and prompts taking
/// the keys while open, typing in the question line, and the two-press confirmations of
/// quitting.
extension AppState {
    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        // Esc then a key arrive as Alt + key when the two reach us together (a busy moment,
        // a fast typist). Only the question line's word keys mean Alt: anything else is the
        // Esc and the key the person pressed.
        if case let .alt(character) = key, !(focus == .question && prompt == nil && overlay == nil && "bfdBFD".contains(character)) {
            return handle(.escape) + handle(.character(character))
        }
        if key == .altBackspace, focus != .question || prompt != nil || overlay != nil {
            return handle(.escape) + handle(.backspace)
        }
        let armed = quitArmedBy
        if key != .control("c") { status = nil }  // a message has been seen once a key is pressed
        quitArmedBy = nil
        if overlay != nil { return handleOverlay(key, armed: armed) }
        if let prompt { return handlePrompt(prompt, key) }
        if case let .mouse(event) = key { return handleMouse(event) }
        if let binding = KeyTable.binding(for: key, in: focus) { return binding.action(&self, armed) }
        if focus == .question {
            editQuestion(key)
        } else if let character = key.printable {
            // Browsing, a letter that is no command starts a new question with it: typing a
            // question never runs commands by surprise, it lands in the question line.
            startQuestion(with: character)
        }
        return []
    }

    /// Ctrl-C cancels the running work; with nothing running (or twice), it quits with 130,
    /// as shells expect.
    mutating func cancelOrQuit(armed: Key?) -> [Effect] {
        if activity != nil, !cancelling {
            cancelling = true
            quitArmedBy = .control("c")
            status = .info("cancelling… (Ctrl-C again quits)")
            return [.cancel]
        }
        if armed == .control("c") { return [.quit(status: 130)] }
        quitArmedBy = .control("c")
        status = .info("press Ctrl-C again to quit")
        return []
    }

    /// q quits at once when nothing runs; a running question or indexing is never dropped
    /// silently: the first q asks, the second cancels it and quits.
    mutating func quit(armed: Key?) -> [Effect] {
        let draft = editor.text.trimmingCharacters(in: .whitespaces)
        let unsent = !draft.isEmpty && draft != askedQuestion
        if activity == nil, unsent, armed != .character("q") {
            quitArmedBy = .character("q")
            status = .error("the question line holds an unasked question: q again quits, Tab goes back to it")
            return []
        }
        guard let activity, armed != .character("q") else { return [.quit(status: 0)] }
        quitArmedBy = .character("q")
        if case .indexing = activity {
            status = .error("indexing is running: q again stops it (the index stays usable) and quits")
        } else {
            status = .error("a question is being answered: q again cancels it and quits")
        }
        return []
    }

    /// Tab and Shift-Tab: the next or previous pane, question → answers → document.
    mutating func moveFocus(by step: Int) {
        let order = Focus.allCases
        focus = order[(order.firstIndex(of: focus)! + step + order.count) % order.count]
    }

    mutating func reindex() -> [Effect] {
        if activity != nil {
            status = .info("busy: wait for the running work (or Ctrl-C) before re-indexing")
            return []
        }
        return [.reindex]
    }
}
