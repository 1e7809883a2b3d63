import Answering
import Foundation
import Retrieval
import Synchronization

/// The background side of the interface: one serial queue owns the folder's `AnsweringSession`
/// (index, retriever, reader — the one the CLI uses, opened with the same `SessionSettings`).
/// Jobs run one at a time, check their cancellation token between passages and files, and
/// post what they did, tagged with the job or folder generation they are for. The worker only
/// schedules: which retriever answers, and how, is the session's.
///
/// Passage vectors are computed here too, after the BM25 index is up to date, as a background
/// job of small batches that any question or index run preempts: the question is answered at
/// once (auto retrieves with BM25 while vectors are missing), then encoding resumes where it
/// stopped (the vectors are stored per batch). Once every passage has a vector, the session
/// retrieves hybrid.
final class Worker: Sendable {
    struct IndexJob: Sendable {
        var folder: URL
        var databaseURL: URL?
        var generation: Int
        /// A check before a question: report only when something changed.
        var quiet: Bool
    }

    /// Loads the sentence encoder for passage vectors (the shipped one; a test's fake).
    typealias EncoderLoader = @Sendable () throws -> any PassageEncoder

    private enum EncoderSlot {
        case notLoaded
        case loaded(any PassageEncoder)
        /// Why there is none (in a few words, then the error): questions use BM25 only.
        case missing(reason: String, detail: String)
    }

    private struct Resources {
        var answerer: QuestionAnswerer?
        var encoder: EncoderSlot
        var session: AnsweringSession?
        /// The folder generation the session serves (vector events carry it).
        var generation = 0
        /// An encoding job is on the queue.
        var encodingQueued = false

        var encoderMissing: Bool {
            if case .missing = encoder { return true }
            return false
        }

        var loadedEncoder: (any PassageEncoder)? {
            if case let .loaded(encoder) = encoder { return encoder }
            return nil
        }
    }

    /// Passages per encoding batch: a question waits for at most one batch. The encoder spreads
    /// a batch one text per core, so a batch of 2 leaves a core idle whenever the two lengths
    /// differ: on Documents/ (2-core EPYC, load 8–11) encoding all vectors took 1.59× the
    /// CLI's batches of 32 with batches of 2, 1.19× and 1.30× with 4, 1.15× with 8, 1.08× with
    /// 16 (`Benchmarks/tui-vectors.sh`), while one batch of 4 is ~0.13 s at the ~30 passages/s
    /// measured there.
    static let defaultEncodingBatch = 4

    private let queue = DispatchQueue(label: "albertqa.worker")
    /// The reader, loaded by the first index run.
    private let model: ReaderModel
    /// The CLI's settings for every folder the interface opens (the index location comes with
    /// each job: switching folders keeps an `--index` given).
    private let settings: SessionSettings
    private let loadEncoder: EncoderLoader
    private let encodingBatch: Int
    /// Touched only by jobs on `queue` (the lock documents and enforces that).
    private let resources: Mutex<Resources>
    /// Questions and index runs queued and not started: encoding stops between batches while
    /// there are any, and resumes after them.
    private let foregroundJobs = Atomic<Int>(0)
    /// Set when the app quits: encoding stops after its batch and is not queued again.
    private let stopping = Atomic<Bool>(false)

    init(model: ReaderModel, settings: SessionSettings, loadEncoder: @escaping EncoderLoader,
         encodingBatch: Int = Worker.defaultEncodingBatch) {
        self.encodingBatch = encodingBatch
        self.model = model
        self.settings = settings
        self.loadEncoder = loadEncoder
        // BM25 named: no encoder is loaded and no vector computed (said once, as a missing encoder is).
        resources = Mutex(Resources(encoder: settings.retriever == .bm25
            ? .missing(reason: "retriever bm25 chosen", detail: "no passage vectors are computed") : .notLoaded))
    }

    /// Waits until every job queued so far has finished (cancel them first).
    func join() { queue.sync {} }

    /// Stops background encoding (after the batch it is in) and waits for every job; cancel
    /// the questions and index runs first.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        join()
    }

    func index(_ job: IndexJob, token: CancellationToken, inbox: Inbox) {
        foreground { [self] resources in
            do {
                try update(&resources, job, token: token, inbox: inbox)
            } catch {
                inbox.post(.failure(error, generation: job.generation))
            }
            // An index run stopped by Ctrl-C leaves the CPU alone until the next one.
            if !token.isCancelled { scheduleEncoding(&resources, inbox: inbox) }
        }
    }

    /// Brings the index up to date, then asks the session, posting its snapshots as passages
    /// finish and the final answers (with the documents' texts and the retriever's name).
    func ask(_ question: String, scope: QuestionScope = .folder, after previous: PreviousQuestion? = nil, job: Int, indexJob: IndexJob,
             token: CancellationToken, inbox: Inbox) {
        foreground { [self] resources in
            defer { scheduleEncoding(&resources, inbox: inbox) }
            let cancelled = AnswerSet(question: question, answers: [], passagesRead: 0, passagesTotal: 0, cancelled: true)
            do {
                // The folder may have changed since the last run (an edited file must not
                // be answered from stale text): files whose size and mtime are unchanged
                // are not read, so this costs a folder walk.
                try update(&resources, indexJob, token: token, inbox: inbox)
                guard !token.isCancelled, let session = resources.session,
                      try completeVectorsForNamedRetriever(session, generation: indexJob.generation, token: token, inbox: inbox) else {
                    inbox.post(.answers(cancelled, [:], job: job, retriever: nil))
                    return
                }
                let answers = try session.ask(question, scope: scope, after: previous, documentTexts: true, onUpdate: { partial in
                    if !partial.set.isComplete {
                        inbox.post(.answers(partial.set, partial.documentTexts, job: job, retriever: partial.retriever, followingUp: partial.followingUp))
                    }
                }, isCancelled: { token.isCancelled })
                inbox.post(.answers(answers.set, answers.documentTexts, job: job, retriever: answers.retriever, followingUp: answers.followingUp))
            } catch {
                inbox.post(.answers(cancelled, [:], job: job, retriever: nil))
                inbox.post(.failure(error, generation: indexJob.generation))
            }
        }
    }

    /// Dense or hybrid named (`--retriever`): as in the CLI, a question waits until every
    /// passage has its vector (a half-encoded folder would hide the passages not reached yet).
    /// Auto and BM25 never wait. False when the token stopped the encoding.
    private func completeVectorsForNamedRetriever(_ session: AnsweringSession, generation: Int, token: CancellationToken,
                                                  inbox: Inbox) throws -> Bool {
        guard session.settings.retriever.needsVectors, !(try session.vectorsAreComplete()) else {
            return true
        }
        guard let report = try session.updateVectors(progress: { progress in
            inbox.post(.vectors(.encoding(done: progress.done, total: progress.total), generation: generation))
        }, isCancelled: { token.isCancelled }), !report.cancelled else { return false }
        inbox.post(.vectors(.complete(passages: report.vectors, ranking: VectorRanking(session.settings)), generation: generation))
        return true
    }

    /// Runs `body` on the queue as a job the user waits for: while it is queued, encoding
    /// yields between batches.
    private func foreground(_ body: @escaping @Sendable (inout Resources) -> Void) {
        foregroundJobs.add(1, ordering: .sequentiallyConsistent)
        queue.async { [self] in
            foregroundJobs.subtract(1, ordering: .sequentiallyConsistent)
            resources.withLock { body(&$0) }
        }
    }

    /// Loads the reader (first time; its calibration by the settings' policy, so a broken
    /// file is posted as the failure `ask` prints), opens the folder's session and brings its
    /// index up to date. For auto the encoder is loaded later, by the first encoding job: the
    /// first answer does not wait for it.
    private func update(_ resources: inout Resources, _ job: IndexJob, token: CancellationToken, inbox: Inbox) throws {
        if token.isCancelled { return }
        if resources.answerer == nil { resources.answerer = try model.loadAnswerer(settings) }
        let folder = job.folder.standardizedFileURL
        if resources.session == nil || resources.session?.folder != folder {
            resources.session = nil  // one SQLite connection at a time
            try openSession(&resources, folder: folder, databaseURL: job.databaseURL)
        }
        guard let session = resources.session else { return }
        resources.generation = job.generation
        let notice = session.index.rebuiltBecause
        let generation = job.generation
        let quiet = job.quiet
        let report = try session.updateIndex(progress: { progress in
            // Every tenth file, the last, and each OCR page of a scan being read (slow: seconds a page).
            if !quiet, progress.filesDone % 10 == 0 || progress.filesDone == progress.filesTotal || progress.activity != nil {
                inbox.post(.indexProgress(progress, generation: generation))
            }
        }, isCancelled: { token.isCancelled })
        if report.added + report.updated + report.removed > 0, !resources.encoderMissing {
            // New passages have no vector yet: auto retrieves with BM25 again until they are encoded.
            let done = (try? session.index.vectorCount()) ?? 0
            inbox.post(.vectors(.encoding(done: min(done, report.passages), total: report.passages), generation: generation))
        }
        inbox.post(.indexed(Self.summary(report, notice: notice), generation: generation, quiet: quiet))
    }

    /// The folder's session with the settings and the job's index, and the encoder if it is
    /// loaded. Dense and hybrid named need the encoder now: it is loaded here (once).
    private func openSession(_ resources: inout Resources, folder: URL, databaseURL: URL?) throws {
        var settings = settings
        settings.databaseURL = databaseURL
        if settings.retriever.needsVectors, case .notLoaded = resources.encoder {
            do {
                resources.encoder = .loaded(try loadEncoder())
            } catch {
                resources.encoder = .missing(reason: "no sentence encoder", detail: "\(error)")
                throw error
            }
        }
        resources.session = try AnsweringSession(folder: folder, settings: settings, answerer: resources.answerer, encoder: resources.loadedEncoder)
    }

    /// Queues an encoding job unless one is queued, vectors are complete, or there is no encoder
    /// (which is then said, once per folder generation at most: the state shows it once).
    private func scheduleEncoding(_ resources: inout Resources, inbox: Inbox) {
        guard let session = resources.session, !resources.encodingQueued, !stopping.load(ordering: .sequentiallyConsistent) else { return }
        if case let .missing(reason, detail) = resources.encoder {
            // Nothing to compute: BM25 is all there is (the state says so once).
            inbox.post(.vectors(.unavailable(reason: reason, detail: detail), generation: resources.generation))
            return
        }
        // Complete (and said so by the encoding pass that found nothing missing): nothing to do.
        if session.encoder != nil, (try? session.vectorsAreComplete()) == true { return }
        resources.encodingQueued = true
        queue.async { [self] in self.resources.withLock { encode(&$0, inbox: inbox) } }
    }

    /// Encodes missing passage vectors in small batches until done, a job the user waits for
    /// is queued (then it queues itself again behind that job), or the app quits.
    private func encode(_ resources: inout Resources, inbox: Inbox) {
        resources.encodingQueued = false
        guard let session = resources.session, !stopping.load(ordering: .sequentiallyConsistent) else { return }
        let generation = resources.generation
        let yield = { [self] in stopping.load(ordering: .sequentiallyConsistent) || foregroundJobs.load(ordering: .sequentiallyConsistent) > 0 }
        if yield() {
            scheduleEncoding(&resources, inbox: inbox)  // behind the job waiting
            return
        }
        if case .notLoaded = resources.encoder {
            // Once, after the first index run (a question waits for this load at most).
            do {
                resources.encoder = .loaded(try loadEncoder())
            } catch {
                resources.encoder = .missing(reason: "no sentence encoder", detail: "\(error)")
                scheduleEncoding(&resources, inbox: inbox)  // says so
                return
            }
        }
        // The session was opened before the encoder was loaded: it takes it now (the index stays open).
        if session.encoder == nil, let encoder = resources.loadedEncoder { session.attach(encoder: encoder) }
        do {
            // nil: the session has no encoder (none could be loaded).
            guard let report = try session.updateVectors(batchSize: encodingBatch, progress: { progress in
                inbox.post(.vectors(.encoding(done: progress.done, total: progress.total), generation: generation))
            }, isCancelled: yield) else { return }
            if report.cancelled {
                scheduleEncoding(&resources, inbox: inbox)  // behind the job that preempted it
            } else {
                inbox.post(.vectors(.complete(passages: report.vectors, ranking: VectorRanking(session.settings)), generation: generation))
            }
        } catch {
            // A broken encoder or a failed write: answer with BM25 rather than retry forever.
            resources.encoder = .missing(reason: "passage vectors failed", detail: "\(error)")
            scheduleEncoding(&resources, inbox: inbox)
        }
    }

    static func summary(_ report: IndexReport, notice: String?) -> IndexSummary {
        var summary = IndexSummary(added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged,
                                   skipped: report.skipped.map { "\($0.relativePath): \($0.reason.rawValue.replacingOccurrences(of: "_", with: " "))" + ($0.detail.map { " (\($0))" } ?? "") },
                                   documents: report.documents, passages: report.passages, cancelled: report.cancelled,
                                   notice: notice ?? report.rebuiltBecause, seconds: report.seconds)
        summary.remarks = report.lossy.map { "\($0): invalid UTF-8 replaced" }
            + report.redecoded.map { "\($0.relativePath): re-decoded from \($0.charset)" }
            + report.notes.map { "\($0.path): \($0.note)" }
        return summary
    }
}
