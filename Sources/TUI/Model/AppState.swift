import Answering
import Foundation

/// The open document: its text, the highlighted answer, search matches and the scroll position.
public struct ViewerState: Equatable, Sendable {
    public var documentPath: String
    public var text: String
    public var highlight: Range<Int>?
    /// First visible wrapped line.
    public var topLine = 0
    /// Scroll to the highlight at the next layout (its line depends on the width).
    public var revealHighlight = true
    public var searchTerm = ""
    public var matches: [Range<Int>] = []
    public var currentMatch: Int?

    public init(documentPath: String, text: String, highlight: Range<Int>?) {
        self.documentPath = documentPath
        self.text = text
        self.highlight = highlight
    }
}

/// What is running in the background.
public enum Activity: Equatable, Sendable {
    case indexing(filesDone: Int, filesTotal: Int, megabytesPerSecond: Double)
    case answering(passagesRead: Int, passagesTotal: Int)
}

/// What the state asks the application to do after a key.
public enum Effect: Equatable, Sendable {
    case ask(String)
    case cancel
    case reindex
    case loadFolder(String)
    case quit
}

/// A one-line prompt at the bottom of the screen.
public enum Prompt: Equatable, Sendable {
    case search, folder
}

/// The whole interface as plain data: keys change it (`handle`), the renderer draws it, and
/// the application feeds it results. Nothing here touches the terminal, so it is unit-tested.
public struct AppState: Equatable, Sendable {
    public var folder: String
    public var modelName: String
    public var documents = 0
    public var passages = 0
    public var focus: Focus = .question
    public var editor = LineEditor()
    public var history = QuestionHistory()
    public var prompt: Prompt?
    public var promptEditor = LineEditor()
    public var answerSet: AnswerSet?
    /// Texts of the documents the answers come from.
    public var documentTexts: [String: String] = [:]
    public var selected = 0
    public var viewer: ViewerState?
    public var activity: Activity?
    public var message: String?
    public var messageIsError = false
    public var showHelp = false
    public var quitArmed = false
    /// Lines the viewer showed at the last layout (a page).
    public var viewerHeight = 10
    public var lastQuestionSeconds: Double?

    public init(folder: String, modelName: String) {
        self.folder = folder
        self.modelName = modelName
    }

    public var answers: [Answer] { answerSet?.answers ?? [] }

    // MARK: Keys

    public mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if key != .control("c") {
            // A message has been seen once a key is pressed.
            quitArmed = false
            message = nil
            messageIsError = false
        }
        if showHelp {
            showHelp = false
            return key == .control("c") ? handleControlC() : []
        }
        if let prompt {
            return handlePrompt(prompt, key)
        }
        if key == .control("c") { return handleControlC() }
        if focus == .question, editor.apply(key) { return [] }
        // In the viewer, n/N walk through search matches once there are some.
        if focus == .viewer, let viewer, !viewer.matches.isEmpty, key == .character("n") || key == .character("N") {
            moveMatch(by: key == .character("n") ? 1 : -1)
            return []
        }
        guard let command = KeyTable.command(for: key, in: focus) else { return [] }
        return perform(command)
    }

    private mutating func handleControlC() -> [Effect] {
        if activity != nil {
            message = "cancelling…"
            messageIsError = false
            return [.cancel]
        }
        if quitArmed { return [.quit] }
        quitArmed = true
        message = "press Ctrl-C again to quit"
        messageIsError = false
        return []
    }

    private mutating func handlePrompt(_ prompt: Prompt, _ key: Key) -> [Effect] {
        switch key {
        case .escape, .control("c"):
            self.prompt = nil
        case .enter:
            self.prompt = nil
            let text = promptEditor.text
            switch prompt {
            case .search: search(text)
            case .folder:
                let path = (text as NSString).expandingTildeInPath
                if !path.trimmingCharacters(in: .whitespaces).isEmpty { return [.loadFolder(path)] }
            }
        default:
            _ = promptEditor.apply(key)
        }
        return []
    }

    public mutating func perform(_ command: Command) -> [Effect] {
        switch command {
        case .ask:
            let question = editor.text.trimmingCharacters(in: .whitespaces)
            guard !question.isEmpty else { return [] }
            history.record(question)
            return [.ask(question)]
        case .historyOlder:
            if let entry = history.older(current: editor.text) { editor.set(entry) }
        case .historyNewer:
            if let entry = history.newer() { editor.set(entry) }
        case .leaveQuestion:
            focus = answers.isEmpty && viewer == nil ? .question : .answers
        case .focusNext, .focusPrevious:
            let order = Focus.allCases
            let step = command == .focusNext ? 1 : order.count - 1
            focus = order[(order.firstIndex(of: focus)! + step) % order.count]
        case .nextAnswer: select(selected + 1)
        case .previousAnswer: select(selected - 1)
        case .openAnswer:
            guard !answers.isEmpty else { return [] }
            openSelectedAnswer()
            focus = .viewer
        case .lineDown: scroll(by: 1)
        case .lineUp: scroll(by: -1)
        case .pageDown: scroll(by: max(1, viewerHeight - 2))
        case .pageUp: scroll(by: -max(1, viewerHeight - 2))
        case .top: viewer?.topLine = 0; viewer?.revealHighlight = false
        case .bottom: scroll(by: Int.max / 2)
        case .search:
            guard viewer != nil else {
                message = "open an answer first, then search its document with /"
                return []
            }
            prompt = .search
            promptEditor = LineEditor(viewer?.searchTerm ?? "")
        case .nextMatch: moveMatch(by: 1)
        case .previousMatch: moveMatch(by: -1)
        case .reindex:
            return activity == nil ? [.reindex] : []
        case .loadFolder:
            prompt = .folder
            promptEditor = LineEditor(folder)
        case .help: showHelp = true
        case .quit: return [.quit]
        case .cancelOrQuit: return handleControlC()
        }
        return []
    }

    // MARK: Answers and the viewer

    private mutating func select(_ index: Int) {
        guard !answers.isEmpty else { return }
        selected = min(max(0, index), answers.count - 1)
        openSelectedAnswer()
    }

    /// Shows the selected answer in its document, highlighted.
    public mutating func openSelectedAnswer() {
        guard selected < answers.count else { return }
        let answer = answers[selected]
        let location = answer.locations[0]
        let text = documentTexts[location.documentPath] ?? answer.context
        let highlight = documentTexts[location.documentPath] == nil ? answer.contextRange : location.range
        var next = ViewerState(documentPath: location.documentPath, text: text, highlight: highlight)
        if let viewer, viewer.documentPath == next.documentPath, !viewer.searchTerm.isEmpty {
            next.searchTerm = viewer.searchTerm
            next.matches = viewer.matches
        }
        viewer = next
    }

    private mutating func scroll(by lines: Int) {
        guard viewer != nil else { return }
        viewer!.revealHighlight = false
        viewer!.topLine = max(0, viewer!.topLine &+ lines)  // clamped at layout
    }

    /// Case-insensitive search of the open document.
    public mutating func search(_ term: String) {
        guard var viewer else { return }
        viewer.searchTerm = term
        viewer.matches = []
        viewer.currentMatch = nil
        if !term.isEmpty {
            let text = viewer.text
            var start = text.startIndex
            var offset = 0
            var offsetIndex = text.startIndex
            while let found = text.range(of: term, options: [.caseInsensitive, .diacriticInsensitive], range: start..<text.endIndex) {
                offset += text.unicodeScalars.distance(from: offsetIndex, to: found.lowerBound)
                offsetIndex = found.lowerBound
                let length = text.unicodeScalars.distance(from: found.lowerBound, to: found.upperBound)
                viewer.matches.append(offset..<offset + length)
                start = found.upperBound
                if viewer.matches.count >= 10_000 { break }
            }
        }
        self.viewer = viewer
        if viewer.matches.isEmpty {
            message = term.isEmpty ? nil : "“\(term)” not found in \(viewer.documentPath)"
            messageIsError = !term.isEmpty
        } else {
            // Start from the first match after the highlighted answer.
            let anchor = viewer.highlight?.lowerBound ?? 0
            let first = viewer.matches.firstIndex { $0.lowerBound >= anchor } ?? 0
            setMatch(first)
        }
    }

    private mutating func moveMatch(by step: Int) {
        guard let viewer, !viewer.matches.isEmpty else { return }
        let count = viewer.matches.count
        setMatch(((viewer.currentMatch ?? -step) + step + count) % count)
    }

    private mutating func setMatch(_ index: Int) {
        guard viewer != nil else { return }
        viewer!.currentMatch = index
        viewer!.revealHighlight = true
        message = "match \(index + 1) of \(viewer!.matches.count) for “\(viewer!.searchTerm)”"
        messageIsError = false
    }

    // MARK: Results from the background

    /// New or updated answers (they stream in while passages are read).
    public mutating func receive(_ set: AnswerSet, documentTexts texts: [String: String]) {
        documentTexts.merge(texts) { _, new in new }
        answerSet = set
        if set.isComplete || set.cancelled {
            activity = nil
            lastQuestionSeconds = set.seconds
            if set.answers.isEmpty {
                message = set.passagesTotal == 0 ? "no passage matches the question's words" : "no answer found"
                messageIsError = true
            } else if set.noAnswerFound {
                message = "the documents don't seem to answer this: these are best guesses"
                messageIsError = true
            } else {
                message = set.cancelled ? "cancelled: answers from \(set.passagesRead) of \(set.passagesTotal) passages" : nil
                messageIsError = false
            }
        } else {
            activity = .answering(passagesRead: set.passagesRead, passagesTotal: set.passagesTotal)
        }
        selected = min(selected, max(0, set.answers.count - 1))
        // The viewer follows the selected answer, unless the reader is busy in it.
        if !set.answers.isEmpty, focus != .viewer || viewer == nil { openSelectedAnswer() }
    }

    public mutating func startedAsking() {
        answerSet = nil
        selected = 0
        activity = .answering(passagesRead: 0, passagesTotal: 0)
        message = nil
    }
}
