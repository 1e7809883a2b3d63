import Albert
import Answering
import Documents
import Foundation
import Retrieval
import Synchronization

/// The background side of the interface: one serial queue owns the reader and the folder's
/// index. Jobs run one at a time, check their cancellation token between passages and files,
/// and post what they did, tagged with the job or folder generation they are for.
final class Worker: Sendable {
    struct IndexJob: Sendable {
        var folder: URL
        var databaseURL: URL?
        var generation: Int
        /// A check before a question: report only when something changed.
        var quiet: Bool
    }

    private struct Resources {
        var index: PassageIndex?
        var answerer: QuestionAnswerer?
    }

    private let queue = DispatchQueue(label: "albertqa.worker")
    private let modelDirectory: URL
    private let precision: Precision
    /// nil: `$ALBERTQA_KERNELS`, else the fastest this CPU runs.
    private let kernels: KernelTable?
    private let answers: Int
    private let passages: Int
    /// Touched only by jobs on `queue` (the lock documents and enforces that).
    private let resources = Mutex<Resources>(Resources())

    init(modelDirectory: URL, precision: Precision, kernels: KernelTable?, answers: Int, passages: Int) {
        self.modelDirectory = modelDirectory
        self.precision = precision
        self.kernels = kernels
        self.answers = answers
        self.passages = passages
    }

    /// Waits until every job queued so far has finished (cancel them first).
    func join() { queue.sync {} }

    func index(_ job: IndexJob, token: CancellationToken, inbox: Inbox) {
        queue.async { [self] in
            resources.withLock { resources in
                do {
                    try update(&resources, job, token: token, inbox: inbox)
                } catch {
                    inbox.post(.failure("\(error)", generation: job.generation))
                }
            }
        }
    }

    func ask(_ question: String, job: Int, indexJob: IndexJob, token: CancellationToken, inbox: Inbox) {
        queue.async { [self] in
            resources.withLock { resources in
                let cancelled = AnswerSet(question: question, answers: [], passagesRead: 0, passagesTotal: 0, cancelled: true)
                do {
                    // The folder may have changed since the last run (an edited file must not
                    // be answered from stale text): files whose size and mtime are unchanged
                    // are not read, so this costs a folder walk.
                    try update(&resources, indexJob, token: token, inbox: inbox)
                    guard !token.isCancelled, let index = resources.index, let answerer = resources.answerer else {
                        inbox.post(.answers(cancelled, [:], job: job))
                        return
                    }
                    let hits = try index.search(question, limit: answerer.options.passages)
                    var texts: [String: String] = [:]
                    for path in Set(hits.map(\.documentPath)) { texts[path] = try index.documentText(path: path) }
                    let result = try answerer.answer(question, passages: hits, onUpdate: { [texts] partial in
                        if !partial.isComplete { inbox.post(.answers(partial, texts, job: job)) }
                    }, isCancelled: { token.isCancelled })
                    inbox.post(.answers(result, texts, job: job))
                } catch {
                    inbox.post(.answers(cancelled, [:], job: job))
                    inbox.post(.failure("\(error)", generation: indexJob.generation))
                }
            }
        }
    }

    /// Loads the reader (first time), opens the folder's index and brings it up to date.
    private func update(_ resources: inout Resources, _ job: IndexJob, token: CancellationToken, inbox: Inbox) throws {
        if token.isCancelled { return }
        if resources.answerer == nil {
            var options = AnsweringOptions()
            options.answers = answers
            options.passages = passages
            resources.answerer = QuestionAnswerer(reader: try AlbertReader(directory: modelDirectory, precision: precision, kernels: kernels), options: options)
        }
        if resources.index == nil || resources.index?.folder != job.folder.standardizedFileURL {
            resources.index = nil
            resources.index = try PassageIndex(folder: job.folder, databaseURL: job.databaseURL)
        }
        guard let index = resources.index else { return }
        let notice = index.rebuiltBecause
        let generation = job.generation
        let quiet = job.quiet
        let report = try index.update(progress: { progress in
            if !quiet, progress.filesDone % 10 == 0 || progress.filesDone == progress.filesTotal {
                inbox.post(.indexProgress(progress, generation: generation))
            }
        }, isCancelled: { token.isCancelled })
        inbox.post(.indexed(Self.summary(report, notice: notice), generation: generation, quiet: quiet))
    }

    static func summary(_ report: IndexReport, notice: String?) -> IndexSummary {
        IndexSummary(added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged,
                     skipped: report.skipped.map { "\($0.relativePath): \($0.reason.rawValue.replacingOccurrences(of: "_", with: " "))" + ($0.detail.map { " (\($0))" } ?? "") },
                     documents: report.documents, passages: report.passages, cancelled: report.cancelled,
                     notice: notice ?? report.rebuiltBecause, seconds: report.seconds)
    }
}
