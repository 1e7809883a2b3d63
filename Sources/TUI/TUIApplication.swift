import Answering
import Documents
import Foundation
import Retrieval
import Settings
import Synchronization

/// `albertqa [DIR]`: the full-screen interface. The main thread reads keys and draws; a
/// serial worker queue owns the folder's `AnsweringSession` (index, retriever, reader — as the
/// CLI's), so indexing, encoding passage vectors and answering never block the screen, and
/// report back through an inbox the main loop drains. Every job carries the identity of what
/// it is for (folder generation, question job), and stale results are dropped by `AppState`.
public final class TUIApplication {
    /// `--index`: the index database instead of the default place.
    private var indexOverride: URL? { settings.databaseURL }
    /// The session settings the CLI built from flags and the configuration file.
    private let settings: SessionSettings
    /// nil: the configuration file decides (default on).
    private let mouse: Bool?
    private var folder: URL
    private var state: AppState
    private let renderer = ScreenRenderer()
    private let terminal = Terminal()
    private let worker: Worker
    private let inbox = Inbox()
    /// Cancel the index runs and the questions queued so far (a new token per job). Asking
    /// cancels only the previous question: an index run in progress completes first (the
    /// question waits for it, its progress shown); Ctrl-C, quitting and switching folders
    /// cancel both.
    private var indexToken = CancellationToken()
    private var questionToken = CancellationToken()
    private var nextJob = 0
    private var historyURL: URL?
    private var watcher: FolderWatcher?
    /// When the watcher last saw a document change that is not indexed yet.
    private var changeNoticedAt: Date?
    /// The user's defaults (answers, passages, colour, mouse); the CLI has already reported a bad file.
    private let config = (try? UserConfig.load()) ?? UserConfig()

    /// - Parameters:
    ///   - settings: the session's (`ask`'s) settings: index, chunking, retriever, fusion, and
    ///     in `answering` how many answers a question gets (`--top`; the list shows as many as
    ///     fit) and how many passages are read.
    ///   - model: the reader (loaded by the worker's first index run) and, in its precision, the
    ///     sentence encoder.
    ///   - mouse: click and wheel support (off lets the terminal select text).
    ///   - scope: where the first questions are asked (`--in`; the whole folder by default).
    public init(folder: URL, settings: SessionSettings, model: ReaderModel, mouse: Bool? = nil, scope: QuestionScope = .folder) {
        self.folder = folder.standardizedFileURL
        self.settings = settings
        self.mouse = mouse
        // The sentence encoder the CLI's dense and hybrid retrieval load, in the reader's
        // precision: without it, questions use BM25 (said once).
        worker = Worker(model: model, settings: settings, loadEncoder: { try model.loadEncoder() })
        state = AppState(folder: self.folder.path, modelName: model.displayName)
        state.citationFolder = Self.citationFolder(self.folder)
        state.scope = scope
    }

    /// The folder as citations name it: relative to the working directory when inside it.
    static func citationFolder(_ folder: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = folder.path
        if path == cwd { return "." }
        if path.hasPrefix(cwd.hasSuffix("/") ? cwd : cwd + "/") { return String(path.dropFirst(cwd.count + (cwd.hasSuffix("/") ? 0 : 1))) }
        return path
    }

    /// Runs until the user quits; the terminal is restored on every way out. Returns the
    /// exit status: 0 for q, 130 for Ctrl-C twice, 128 + N for a terminating signal N
    /// (143 SIGTERM, 129 SIGHUP), 129 when the terminal went away.
    public func run() throws -> Int32 {
        if let reason = Terminal.unavailableReason() {
            throw TUIError.terminalUnavailable(reason: reason)
        }
        let signals = installSignalHandlers()
        defer { signals.forEach { $0.cancel() } }
        try terminal.start(color: config.color.flatMap { $0 == .auto ? nil : $0 == .always }, mouse: mouse ?? config.mouse ?? true)
        defer {
            // Stop and join background work before the terminal and the model go away: a
            // worker still inside the reader at exit crashed (issue 11).
            stopBackgroundWork()
            terminal.stop()
        }

        loadHistory()
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        startIndexing()
        watchFolder()

        var dirty = true
        while true {
            let signal = Self.terminationSignal.load(ordering: .relaxed)
            if signal != 0 { return 128 + signal }
            if terminal.hungUp { return 129 }
            for event in inbox.drain() {
                apply(event)
                dirty = true
            }
            reindexChangedFiles()
            if dirty {
                let (rows, columns) = terminal.size
                terminal.draw(renderer.render(&state, rows: rows, columns: columns))
                dirty = false
            }
            if let status = handleWaitingKeys(dirty: &dirty) { return status }
        }
    }

    /// Handles every key waiting (up to 50 ms for the first) before the next frame: a paste
    /// is one frame, not one per character. An exit status means quit.
    private func handleWaitingKeys(dirty: inout Bool) -> Int32? {
        var timeout = 50
        var handled = 0
        while handled < 4096, let key = terminal.readKey(timeout: timeout) {
            timeout = 0
            handled += 1
            dirty = true
            let (rows, columns) = terminal.size
            if ScreenLayout(rows: rows, columns: columns, answerCount: 0) == nil, key == .character("q") || key == .control("c") {
                return key == .control("c") ? 130 : 0  // a too-small terminal still quits
            }
            for effect in state.handle(key) {
                if let status = perform(effect) { return status }
            }
        }
        return nil
    }

    // MARK: Effects

    /// Carries out an effect; an exit status means quit.
    private func perform(_ effect: Effect) -> Int32? {
        switch effect {
        case let .quit(status):
            return status
        case .cancel:
            indexToken.cancel()
            questionToken.cancel()
        case let .ask(question, scope, previous):
            saveHistory()
            nextJob += 1
            state.startedAsking(job: nextJob)
            ask(question, scope: scope, after: previous, job: nextJob)
        case .reindex:
            state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
            startIndexing()
        case let .loadFolder(path):
            switchFolder(to: path)
        case let .openEditor(place):
            openEditor(place)
        case let .openPager(place):
            openPager(place, note: nil)
        case let .copy(text):
            if !terminal.copyToClipboard(text) {
                state.status = .error("could not write to the terminal to copy")
            }
        case .suspend:
            terminal.suspend()
        }
        return nil
    }

    /// `:` and a folder: stops what runs for the old folder and shows the new one from
    /// scratch (a new folder generation, so late results of the old one are dropped).
    private func switchFolder(to path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            state.status = .error("\(path): no such folder")
            return
        }
        indexToken.cancel()  // stop what runs for the old folder
        questionToken.cancel()
        folder = URL(fileURLWithPath: path).standardizedFileURL
        let generation = state.folderGeneration + 1
        let vectors = state.vectors
        state = AppState(folder: folder.path, modelName: state.modelName)
        state.folderGeneration = generation
        if vectors.isUnavailable { state.vectors = vectors }  // no encoder for any folder: said once
        state.questionJob = -1  // no answer of the old folder is current
        state.citationFolder = Self.citationFolder(folder)
        loadHistory()
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        startIndexing()
        watchFolder()
    }

    private func openEditor(_ place: AnswerPlace) {
        if let message = HandOff.mailboxMessageInEditor(place.documentPath, folder: folder) {
            runEditor(file: message.file, position: message.position)
            return
        }
        guard HandOff.editorOpensFile(place.documentPath) else {
            openPager(place, note: "\(place.documentPath) is not a text file: its extracted text is shown in the pager")
            return
        }
        runEditor(file: folder.appendingPathComponent(place.documentPath).path, position: place.position)
    }

    private func runEditor(file: String, position: TextPosition?) {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        let command = HandOff.editorCommand(editor: editor, file: file, position: position)
        if let status = terminal.runForeground(command) {
            state.status = status == 0 ? .info("back from \(HandOff.programName(editor)) (the index is checked before the next question)")
                : .error("\(HandOff.programName(editor)) exited with status \(status)")
        } else {
            state.status = .error("could not start the editor '\(editor)': set $VISUAL or $EDITOR")
        }
    }

    private func openPager(_ place: AnswerPlace, note: String?) {
        guard let text = state.documentTexts[place.documentPath] else {
            state.status = .error("the document's text is not loaded")
            return
        }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less"
        let status = terminal.runForeground(HandOff.pagerCommand(pager: pager, position: place.position), input: ControlCharacters.pagerText(text))
        if status == nil {
            state.status = .error("could not start the pager '\(pager)': set $PAGER")
        } else {
            state.status = note.map(StatusMessage.info)
        }
    }

    // MARK: Background work

    /// Cancels the running jobs, stops encoding after its batch, and waits for the worker.
    private func stopBackgroundWork() {
        indexToken.cancel()
        questionToken.cancel()
        worker.stop()
    }

    /// Loads the models (first time), opens the folder's index and brings it up to date; the
    /// passage vectors follow in the background.
    private func startIndexing() {
        let job = Worker.IndexJob(folder: folder, databaseURL: indexOverride, generation: state.folderGeneration, quiet: false)
        indexToken.cancel()
        indexToken = CancellationToken()
        worker.index(job, token: indexToken, inbox: inbox)
    }

    /// Brings the index up to date (a file may have changed since: the folder is alive), then
    /// answers.
    private func ask(_ question: String, scope: QuestionScope, after previous: PreviousQuestion?, job: Int) {
        let indexJob = Worker.IndexJob(folder: folder, databaseURL: indexOverride, generation: state.folderGeneration, quiet: true)
        questionToken.cancel()
        questionToken = CancellationToken()
        worker.ask(question, scope: scope, after: previous, job: job, indexJob: indexJob, token: questionToken, inbox: inbox)
    }

    /// Watches the folder (inotify) so edited, added and removed files are re-indexed in the
    /// background; without a watch, the check before each question still finds them.
    private func watchFolder() {
        let index = (indexOverride ?? IndexLocation.defaultURL(for: folder)).path
        watcher = FolderWatcher(folder: folder, ignoring: Set(["", "-wal", "-shm", "-journal", ".history"].map { index + $0 }))
        changeNoticedAt = nil
        if let watcher {
            state.watchStatus = watcher.limitation.map { "partly watched: \($0)" } ?? "watched with inotify: changes are re-indexed as they happen"
        } else {
            state.watchStatus = "not watched (inotify unavailable): changes are found before each question"
        }
    }

    /// A change seen by the watcher is indexed once the folder has been quiet for a moment
    /// (an editor's save is several events) and nothing else runs.
    private func reindexChangedFiles() {
        if watcher?.poll() == true { changeNoticedAt = Date() }
        guard let noticed = changeNoticedAt, Date().timeIntervalSince(noticed) > 0.4, state.activity == nil else { return }
        changeNoticedAt = nil
        let job = Worker.IndexJob(folder: folder, databaseURL: indexOverride, generation: state.folderGeneration, quiet: true)
        indexToken = CancellationToken()
        worker.index(job, token: indexToken, inbox: inbox)
    }

    private func apply(_ event: WorkerEvent) {
        switch event {
        case let .indexProgress(progress, generation):
            state.receiveIndexProgress(filesDone: progress.filesDone, filesTotal: progress.filesTotal,
                                       megabytesPerSecond: progress.megabytesPerSecond, generation: generation, waitingFor: progress.activity)
        case let .indexed(summary, generation, quiet):
            state.receiveIndexed(summary, generation: generation, quietWhenUnchanged: quiet)
        case let .answers(set, texts, job, retriever, followingUp):
            state.receive(set, documentTexts: texts, job: job, retriever: retriever, followingUp: followingUp)
        case let .vectors(status, generation):
            state.receiveVectors(status, generation: generation)
        case let .failure(error, generation):
            state.receiveFailure("\(error)", generation: generation)
        }
    }

    // MARK: History and signals

    /// The folder's question history lives under `$XDG_STATE_HOME/albertqa/history/`
    /// (`UserPaths`, shared with the CLI), private: 0700 folders, 0600 file. A history kept
    /// beside the index by earlier versions is read while the new one does not exist (the next
    /// save writes the new place; the old file is left alone: nothing but the index is deleted).
    private func loadHistory() {
        let name = IndexLocation.defaultURL(for: folder).deletingPathExtension().lastPathComponent
        historyURL = UserPaths.historyFile(named: name)
        let legacy = URL(fileURLWithPath: (indexOverride ?? IndexLocation.defaultURL(for: folder)).path + ".history")
        guard let historyURL else { return }
        let text = (try? String(contentsOf: historyURL, encoding: .utf8)) ?? (try? String(contentsOf: legacy, encoding: .utf8))
        guard let text else { return }
        state.history = QuestionHistory(lines: text.split(separator: "\n").map(String.init))
    }

    private func saveHistory() {
        // Private: the folders created 0700, the file 0600, replaced atomically (`PrivateFile`);
        // nothing when there is nothing to keep.
        guard let historyURL, !state.history.entries.isEmpty else { return }
        try? PrivateFile.createFolders(historyURL.deletingLastPathComponent().path)
        try? PrivateFile.write(Data((state.history.lines.joined(separator: "\n") + "\n").utf8), to: historyURL.path)
    }

    /// The terminating signal received (0: none).
    private static let terminationSignal = Atomic<Int32>(0)

    /// SIGTERM, SIGHUP and SIGQUIT end the loop so the work is joined and the terminal
    /// restored before exiting with 128 + the signal's number.
    private func installSignalHandlers() -> [DispatchSourceSignal] {
        [SIGTERM, SIGHUP, SIGQUIT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Self.terminationSignal.store(number, ordering: .relaxed) }
            source.resume()
            return source
        }
    }
}

/// A job's cancellation: checked between passages and between files.
final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
    func cancel() { flag.store(true, ordering: .relaxed) }
}

/// What background work reports; each event names the job or folder generation it is for.
enum WorkerEvent: Sendable {
    case indexProgress(IndexProgress, generation: Int)
    case indexed(IndexSummary, generation: Int, quiet: Bool)
    /// `retriever`: the one the passages came from; nil when none ran.
    /// `followingUp`: the question the answers followed up on (nil: asked afresh).
    case answers(AnswerSet, [String: String], job: Int, retriever: RetrieverKind?, followingUp: PreviousQuestion? = nil)
    case vectors(VectorStatus, generation: Int)
    /// Shown as the CLI prints it (the error's one-line description).
    case failure(any Error, generation: Int)
}

/// Events from background threads to the main loop.
final class Inbox: Sendable {
    private let events = Mutex<[WorkerEvent]>([])
    func post(_ event: WorkerEvent) { events.withLock { $0.append(event) } }
    func drain() -> [WorkerEvent] { events.withLock { drained in defer { drained = [] }; return drained } }
}
