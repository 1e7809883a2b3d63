import Albert
import Answering
import Documents
import Foundation
import Retrieval
import Synchronization

/// `albertqa [DIR]`: the full-screen interface. The main thread reads keys and draws; a
/// serial worker queue owns the index and the reader, so indexing and answering never block
/// the screen, and report back through an inbox the main loop drains.
public final class TUIApplication {
    private enum Event: Sendable {
        case indexProgress(IndexProgress)
        case indexed(documents: Int, passages: Int, notice: String?)
        case answers(AnswerSet, [String: String])
        case failure(String)
    }

    private let modelDirectory: URL
    private let precision: Precision
    private let indexOverride: URL?
    private var folder: URL
    private var state: AppState
    private let renderer = ScreenRenderer()
    private let terminal = Terminal()
    private let worker = DispatchQueue(label: "albertqa.worker")
    private let inbox = Inbox<Event>()
    private let cancelFlag = AtomicFlag()
    private var historyURL: URL?
    private let resources = WorkerResources()

    public init(folder: URL, indexURL: URL?, modelDirectory: URL, precision: Precision = .automatic) {
        self.folder = folder.standardizedFileURL
        self.indexOverride = indexURL
        self.modelDirectory = modelDirectory
        self.precision = precision
        state = AppState(folder: self.folder.path, modelName: "\(modelDirectory.lastPathComponent) \(precision.rawValue)")
    }

    /// Runs until the user quits; the terminal is restored on every way out.
    public func run() throws {
        if let reason = Terminal.unavailableReason() {
            throw TUIError("\(reason); use `albertqa ask DIR \"QUESTION\"` instead")
        }
        try terminal.start()
        defer { terminal.stop() }
        let signals = installSignalHandlers()
        defer { signals.forEach { $0.cancel() } }

        loadHistory()
        state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
        startWorker()

        var dirty = true
        while !Self.terminationRequested.isSet {
            for event in inbox.drain() {
                apply(event)
                dirty = true
            }
            if dirty {
                let (rows, columns) = terminal.size
                terminal.draw(renderer.render(&state, rows: rows, columns: columns))
                dirty = false
            }
            guard let key = terminal.readKey(timeout: 50) else { continue }
            dirty = true
            let (rows, columns) = terminal.size
            if ScreenLayout(rows: rows, columns: columns, answerCount: 0) == nil, key == .character("q") || key == .control("c") {
                return  // a too-small terminal still quits
            }
            for effect in state.handle(key) {
                if !perform(effect) { return }
            }
        }
    }

    // MARK: Effects

    /// Carries out an effect; false means quit.
    private func perform(_ effect: Effect) -> Bool {
        switch effect {
        case .quit:
            cancelFlag.set()
            return false
        case .cancel:
            cancelFlag.set()
        case let .ask(question):
            saveHistory()
            state.startedAsking()
            ask(question)
        case .reindex:
            state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
            startWorker()
        case let .loadFolder(path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                state.message = "\(path): no such folder"
                state.messageIsError = true
                return true
            }
            cancelFlag.set()  // stop what runs for the old folder
            folder = URL(fileURLWithPath: path).standardizedFileURL
            state = AppState(folder: folder.path, modelName: state.modelName)
            loadHistory()
            state.activity = .indexing(filesDone: 0, filesTotal: 0, megabytesPerSecond: 0)
            startWorker()
        }
        return true
    }

    /// Loads the model (first time), opens the folder's index and brings it up to date.
    private func startWorker() {
        let folder = self.folder
        let databaseURL = indexOverride
        let (modelDirectory, precision) = (self.modelDirectory, self.precision)
        let (inbox, cancelFlag, resources) = (self.inbox, self.cancelFlag, self.resources)
        worker.async {
            cancelFlag.clear()  // a cancel meant the work queued before this job
            resources.loaded.withLock { loaded in
                do {
                    if loaded.answerer == nil {
                        loaded.answerer = QuestionAnswerer(reader: try AlbertReader(directory: modelDirectory, precision: precision))
                    }
                    if loaded.index == nil || loaded.index?.folder != folder.standardizedFileURL {
                        loaded.index = try PassageIndex(folder: folder, databaseURL: databaseURL)
                    }
                    let notice = loaded.index?.rebuiltBecause
                    let report = try loaded.index!.update(progress: { progress in
                        if progress.filesDone % 10 == 0 || progress.filesDone == progress.filesTotal { inbox.post(.indexProgress(progress)) }
                    }, isCancelled: { cancelFlag.isSet })
                    inbox.post(.indexed(documents: report.documents, passages: report.passages,
                                        notice: notice ?? (report.cancelled ? "indexing cancelled: the index is usable, r completes it" : nil)))
                } catch {
                    inbox.post(.failure("\(error)"))
                }
            }
        }
    }

    private func ask(_ question: String) {
        let (inbox, cancelFlag, resources) = (self.inbox, self.cancelFlag, self.resources)
        worker.async {
            cancelFlag.clear()
            resources.loaded.withLock { loaded in
                guard let index = loaded.index, let answerer = loaded.answerer else {
                    inbox.post(.failure("the folder is not indexed yet"))
                    return
                }
                do {
                    let hits = try index.search(question, limit: answerer.options.passages)
                    var texts: [String: String] = [:]
                    for path in Set(hits.map(\.documentPath)) { texts[path] = try index.documentText(path: path) }
                    let documentTexts = texts
                    let result = try answerer.answer(question, passages: hits, onUpdate: { partial in
                        if !partial.isComplete { inbox.post(.answers(partial, documentTexts)) }
                    }, isCancelled: { cancelFlag.isSet })
                    inbox.post(.answers(result, documentTexts))
                } catch {
                    inbox.post(.failure("\(error)"))
                }
            }
        }
    }

    private func apply(_ event: Event) {
        switch event {
        case let .indexProgress(progress):
            state.activity = .indexing(filesDone: progress.filesDone, filesTotal: progress.filesTotal, megabytesPerSecond: progress.megabytesPerSecond)
        case let .indexed(documents, passages, notice):
            state.activity = nil
            state.documents = documents
            state.passages = passages
            if let notice {
                state.message = notice
                state.messageIsError = false
            }
        case let .answers(set, texts):
            state.receive(set, documentTexts: texts)
        case let .failure(message):
            state.activity = nil
            state.message = message
            state.messageIsError = true
        }
    }

    // MARK: History and signals

    private func loadHistory() {
        let databaseURL = indexOverride ?? IndexLocation.defaultURL(for: folder)
        historyURL = URL(fileURLWithPath: databaseURL.path + ".history")
        guard let historyURL, let text = try? String(contentsOf: historyURL, encoding: .utf8) else { return }
        state.history = QuestionHistory(entries: text.split(separator: "\n").map(String.init))
    }

    private func saveHistory() {
        // Private (0600), beside the index, whose folder the index created (0700) — never a new
        // folder, and nothing when there is nothing to keep.
        guard let historyURL, !state.history.entries.isEmpty else { return }
        try? PrivateFile.write(Data((state.history.entries.joined(separator: "\n") + "\n").utf8), to: historyURL.path)
    }

    private static let terminationRequested = AtomicFlag()

    /// SIGTERM, SIGHUP and SIGQUIT end the loop so the terminal is restored before exiting.
    private func installSignalHandlers() -> [DispatchSourceSignal] {
        [SIGTERM, SIGHUP, SIGQUIT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Self.terminationRequested.set() }
            source.resume()
            return source
        }
    }
}

/// The index and the reader, which only the worker queue uses. The queue is serial, so the
/// lock is never contended; it makes that ownership checked by the compiler.
final class WorkerResources: Sendable {
    struct Loaded {
        var index: PassageIndex?
        var answerer: QuestionAnswerer?
    }

    let loaded = Mutex(Loaded())
}

/// A flag shared between threads.
final class AtomicFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
    func clear() { value.store(false, ordering: .releasing) }
}

/// Events from background threads to the main loop.
final class Inbox<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    func post(_ event: Event) { events.withLock { $0.append(event) } }
    func drain() -> [Event] {
        events.withLock {
            let drained = $0
            $0 = []
            return drained
        }
    }
}
