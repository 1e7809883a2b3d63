import Answering
import Documents
import Foundation

/// The open document: its text, the highlighted answer, search matches and the scroll position.
public struct ViewerState: Equatable, Sendable {
    public var documentPath: String
    public var text: String
    public var highlight: Range<Int>?
    /// Where the highlight is (line, column, page), when the document's text is known; set
    /// at the first layout (`positionKnown` says whether it can be).
    public var position: TextPosition?
    public var positionKnown = false
    /// First visible wrapped line.
    public var topLine = 0
    /// Scroll to the highlight at the next layout (its line depends on the width).
    public var revealHighlight = true
    /// Layout memory, so a resize keeps the same text (and the highlight) in view: the width
    /// of the last layout, the offset its first visible line started at, and whether the
    /// highlight was on screen.
    public var laidOutWidth = 0
    public var laidOutHeight = 0
    public var anchorOffset = 0
    public var highlightWasVisible = false
    public var searchTerm = ""
    public var matches: [Range<Int>] = []
    public var currentMatch: Int?

    public init(documentPath: String, text: String, highlight: Range<Int>?, position: TextPosition? = nil) {
        self.documentPath = documentPath
        self.text = text
        self.highlight = highlight
        self.position = position
    }

    /// PDFs are cited by page.
    public var isPaged: Bool { documentPath.lowercased().hasSuffix(".pdf") }
}

/// What is running in the background.
public enum Activity: Equatable, Sendable {
    case indexing(filesDone: Int, filesTotal: Int, megabytesPerSecond: Double)
    case answering(passagesRead: Int, passagesTotal: Int)
}

/// One place of an answer, resolved for hand-off (editor, pager, clipboard).
public struct AnswerPlace: Equatable, Sendable {
    public var answerText: String
    /// Relative to the folder.
    public var documentPath: String
    public var range: Range<Int>
    public var position: TextPosition?
    public var isPaged: Bool { documentPath.lowercased().hasSuffix(".pdf") }

    /// `path:line:column`, or `path p. N` for a PDF (`path` as given).
    public func citation(path: String) -> String {
        guard let position else { return path }
        return isPaged ? "\(path) p. \(position.page)" : "\(path):\(position.line):\(position.column)"
    }
}

/// What the state asks the application to do after a key.
public enum Effect: Equatable, Sendable {
    case ask(String)
    case cancel
    case reindex
    case loadFolder(String)
    /// Quit with this exit status (0 for q, 130 for Ctrl-C twice, as shells expect).
    case quit(status: Int32)
    case openEditor(AnswerPlace)
    case openPager(AnswerPlace)
    /// Put this text on the clipboard (OSC 52).
    case copy(String)
    case suspend
}

/// A one-line prompt at the bottom of the screen.
public enum Prompt: Equatable, Sendable {
    case search, folder
}

/// A scrollable box over the screen: the key help, or the folder/index information.
public struct Overlay: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case help, info }
    public var kind: Kind
    public var scroll = 0
    /// Lines the box showed at the last layout (a page), set by the renderer.
    public var pageHeight = 10

    public init(kind: Kind) { self.kind = kind }
}

/// What the last index run did, as the interface reports it.
public struct IndexSummary: Equatable, Sendable {
    public var added = 0, updated = 0, removed = 0, unchanged = 0
    /// "path: reason" for every skipped file.
    public var skipped: [String] = []
    public var documents = 0, passages = 0
    public var cancelled = false
    public var notice: String?
    public var seconds = 0.0

    public init(added: Int = 0, updated: Int = 0, removed: Int = 0, unchanged: Int = 0, skipped: [String] = [],
                documents: Int = 0, passages: Int = 0, cancelled: Bool = false, notice: String? = nil, seconds: Double = 0) {
        (self.added, self.updated, self.removed, self.unchanged) = (added, updated, removed, unchanged)
        self.skipped = skipped
        (self.documents, self.passages) = (documents, passages)
        self.cancelled = cancelled
        self.notice = notice
        self.seconds = seconds
    }

    public var changed: Bool { added + updated + removed > 0 }

    /// One line: what changed, what was skipped, whether the index is complete.
    public var line: String {
        if cancelled { return "indexing stopped: the index is partial (\(documents) documents so far) — r completes it" }
        var parts: [String] = []
        if changed { parts.append("\(added) added · \(updated) updated · \(removed) removed") } else { parts.append("up to date, nothing changed") }
        if !skipped.isEmpty { parts.append("\(skipped.count) skipped (= lists them)") }
        return "index: " + parts.joined(separator: " · ") + " · \(documents) documents"
    }
}

/// Where the renderer put things, for mouse clicks: pane rectangles and the screen row of
/// each visible answer.
public struct HitMap: Equatable, Sendable {
    public var question: Rect?
    public var answers: Rect?
    public var viewer: Rect?
    /// Screen row → answer index.
    public var answerRows: [Int: Int] = [:]
}

/// The whole interface as plain data: keys change it (`handle`), the renderer draws it, and
/// the application feeds it results. Nothing here touches the terminal, so it is unit-tested.
public struct AppState: Equatable, Sendable {
    /// The reader reads 64 question tokens (BERT's SQuAD setting); English averages about 4
    /// characters per token, so 300 characters hold every token it will read, and a pasted
    /// page is refused at the line instead of being tokenised and thrown away.
    public static let questionLimit = 300

    public var folder: String
    /// The folder as citations show it (relative to the working directory when inside it).
    public var citationFolder: String
    public var modelName: String
    public var documents = 0
    public var passages = 0
    public var focus: Focus = .question
    public var editor = LineEditor(limit: AppState.questionLimit)
    public var history = QuestionHistory()
    public var prompt: Prompt?
    public var promptEditor = LineEditor()
    public var answerSet: AnswerSet?
    /// The question the answers are for (the question line may have changed since).
    public var askedQuestion: String?
    /// Texts of the documents the answers come from.
    public var documentTexts: [String: String] = [:]
    public var selected = 0
    /// The user moved the selection: streamed answers keep it on the same answer.
    public var selectionTouched = false
    /// Which place of the selected answer the viewer shows (`]` / `[`).
    public var place = 0
    public var viewer: ViewerState?
    public var activity: Activity?
    public var cancelling = false
    /// A question was asked and its final answers have not arrived.
    public var questionPending = false
    public var message: String?
    public var messageIsError = false
    public var overlay: Overlay?
    /// The key that confirms a quit, once asked.
    public var quitArmedBy: Key?
    /// Lines the viewer and the answers list showed at the last layout (a page).
    public var viewerHeight = 10
    public var answersPageSize = 5
    public var lastQuestionSeconds: Double?
    /// Identity of the question being answered: results of any other are stale and dropped.
    public var questionJob = 0
    /// Identity of the folder shown: index results for another folder are dropped.
    public var folderGeneration = 0
    public var lastIndex: IndexSummary?
    /// The folder's passage vectors, and so the retriever questions use.
    public var vectors = VectorStatus.waiting
    /// The retriever the shown answers came from ("BM25", "hybrid").
    public var answersRetriever: String?
    public var indexPartial = false
    /// Whether the folder is watched for changes, in words (the = overlay shows it).
    public var watchStatus: String?
    public var hitMap = HitMap()

    public init(folder: String, modelName: String) {
        self.folder = folder
        self.citationFolder = folder
        self.modelName = modelName
    }

    public var answers: [Answer] { answerSet?.answers ?? [] }
    public var showHelp: Bool { overlay?.kind == .help }
    public var isBrowsing: Bool { focus != .question }

    // MARK: Keys

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
        if key != .control("c") {
            // A message has been seen once a key is pressed.
            message = nil
            messageIsError = false
        }
        quitArmedBy = nil
        if overlay != nil { return handleOverlay(key, armed: armed) }
        if let prompt { return handlePrompt(prompt, key) }
        if case let .mouse(event) = key { return handleMouse(event) }
        if key == .control("c") { return handleControlC(armed: armed) }
        if key == .character("q"), focus != .question { return handleQuit(armed: armed) }
        if focus == .question {
            if let command = KeyTable.command(for: key, in: .question) { return perform(command) }
            if editor.apply(key) {
                if editor.refusedForLength {
                    message = "the question is capped at \(Self.questionLimit) characters: the reader reads its first 64 tokens"
                    messageIsError = true
                }
                return []
            }
        }
        // In the viewer, n/N walk through search matches once there are some.
        if focus == .viewer, let viewer, !viewer.matches.isEmpty, key == .character("n") || key == .character("N") {
            moveMatch(by: key == .character("n") ? 1 : -1)
            return []
        }
        if let command = KeyTable.command(for: key, in: focus) { return perform(command) }
        // Browsing, a letter that is no command starts a new question with it: typing a
        // question never runs commands by surprise, it lands in the question line.
        if focus != .question, let character = key.printable {
            focus = .question
            if editor.text == askedQuestion { editor.set("") }
            _ = editor.apply(.character(character))
        }
        return []
    }

    private mutating func handleControlC(armed: Key?) -> [Effect] {
        if activity != nil, !cancelling {
            cancelling = true
            quitArmedBy = .control("c")
            message = "cancelling… (Ctrl-C again quits)"
            messageIsError = false
            return [.cancel]
        }
        if armed == .control("c") { return [.quit(status: 130)] }
        quitArmedBy = .control("c")
        message = "press Ctrl-C again to quit"
        messageIsError = false
        return []
    }

    /// q quits at once when nothing runs; a running question or indexing is never dropped
    /// silently: the first q asks, the second cancels it and quits.
    private mutating func handleQuit(armed: Key?) -> [Effect] {
        let draft = editor.text.trimmingCharacters(in: .whitespaces)
        let unsent = !draft.isEmpty && draft != askedQuestion
        if activity == nil, unsent, armed != .character("q") {
            quitArmedBy = .character("q")
            message = "the question line holds an unasked question: q again quits, Tab goes back to it"
            messageIsError = true
            return []
        }
        guard let activity, armed != .character("q") else { return [.quit(status: 0)] }
        quitArmedBy = .character("q")
        if case .indexing = activity {
            message = "indexing is running: q again stops it (the index stays usable) and quits"
        } else {
            message = "a question is being answered: q again cancels it and quits"
        }
        messageIsError = true
        return []
    }

    private mutating func handleOverlay(_ key: Key, armed: Key?) -> [Effect] {
        guard var overlay else { return [] }
        let page = max(1, overlay.pageHeight - 1)
        switch key {
        case .character("j"), .down: overlay.scroll += 1
        case .character("k"), .up: overlay.scroll -= 1
        case .pageDown, .character(" "): overlay.scroll += page
        case .pageUp, .character("b"): overlay.scroll -= page
        case .character("g"), .home: overlay.scroll = 0
        case .character("G"), .end: overlay.scroll = Int.max / 2
        case .mouse(let event) where event.kind != .press:
            overlay.scroll += event.kind == .wheelDown ? 3 : -3
        case .control("c"):
            self.overlay = nil
            return handleControlC(armed: armed)
        default:
            self.overlay = nil
            // A letter that is no command starts a question, as it does when browsing: typing
            // right after closing the help loses nothing.
            if key.printable != nil, KeyTable.command(for: key, in: focus) == nil { return handle(key) }
            return []
        }
        overlay.scroll = max(0, overlay.scroll)  // the renderer clamps the bottom
        self.overlay = overlay
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
            focus = .answers
        case .backToAnswers:
            focus = .answers
        case .focusNext, .focusPrevious:
            let order = Focus.allCases
            let step = command == .focusNext ? 1 : order.count - 1
            focus = order[(order.firstIndex(of: focus)! + step) % order.count]
        case .nextAnswer: select(selected + 1)
        case .previousAnswer: select(selected - 1)
        case .firstAnswer: select(0)
        case .lastAnswer: select(answers.count - 1)
        case .answersPageDown: select(selected + max(1, answersPageSize - 1))
        case .answersPageUp: select(selected - max(1, answersPageSize - 1))
        case .openAnswer:
            guard !answers.isEmpty else { return [] }
            openSelectedAnswer()
            focus = .viewer
        case .nextPlace, .previousPlace:
            stepPlace(by: command == .nextPlace ? 1 : -1)
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
        case .openEditor, .openPager:
            guard let place = selectedPlace else {
                message = "no answer to open yet: ask a question first"
                return []
            }
            return [command == .openEditor ? .openEditor(place) : .openPager(place)]
        case .copyAnswer:
            guard let place = selectedPlace else {
                message = "no answer to copy yet"
                return []
            }
            let citation = "\"\(Self.plain(place.answerText))\" — \(place.citation(path: citationPath(place.documentPath)))"
            message = "copied \(citation) (OSC 52)"
            return [.copy(citation)]
        case .info: overlay = Overlay(kind: .info)
        case .reindex:
            if activity != nil {
                message = "busy: wait for the running work (or Ctrl-C) before re-indexing"
                return []
            }
            return [.reindex]
        case .loadFolder:
            prompt = .folder
            promptEditor = LineEditor(folder)
        case .help: overlay = Overlay(kind: .help)
        case .quit: return handleQuit(armed: nil)
        case .cancelOrQuit: return handleControlC(armed: nil)
        case .suspend: return [.suspend]
        }
        return []
    }

    /// The answer's text on one line without control characters (for citations).
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// A document path as citations show it: under the folder as the user named it.
    public func citationPath(_ documentPath: String) -> String {
        citationFolder.isEmpty || citationFolder == "." ? documentPath : (citationFolder as NSString).appendingPathComponent(documentPath)
    }

    // MARK: Mouse

    private mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        func inside(_ rect: Rect?) -> Bool {
            guard let rect else { return false }
            return event.row >= rect.row && event.row < rect.row + rect.height && event.column >= rect.column && event.column < rect.column + rect.width
        }
        switch event.kind {
        case .wheelUp, .wheelDown:
            let step = event.kind == .wheelDown ? 1 : -1
            if inside(hitMap.viewer) { scroll(by: 3 * step) } else if inside(hitMap.answers) { select(selected + step) }
        case .press:
            if let index = hitMap.answerRows[event.row], inside(hitMap.answers) {
                focus = .answers
                select(index)
            } else if inside(hitMap.viewer) {
                focus = .viewer
            } else if inside(hitMap.answers) {
                focus = .answers
            } else if inside(hitMap.question) {
                focus = .question
            }
        }
        return []
    }
}
