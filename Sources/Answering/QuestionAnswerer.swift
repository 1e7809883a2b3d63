import Albert
import Documents
import Foundation
import Retrieval

/// How questions are answered over a folder.
public struct AnsweringOptions: Sendable, Equatable {
    /// Passages retrieved and read.
    public var passages = 10
    /// Answers returned.
    public var answers = 5
    /// Distinct spans kept from each passage before merging.
    public var spansPerPassage = 5
    /// Weight of the passage's BM25 score (divided by the best BM25 score of the question)
    /// added to span − null. 0 ranks by the reader alone (measured best, see README).
    public var bm25Weight: Float = 0
    /// An answer whose span − null score is below this is marked as a guess.
    public var noAnswerThreshold: Float = 0
    /// Read passages two at a time on single-threaded workspaces instead of one at a time on a
    /// workspace that splits each window over the cores.
    public var readPassagesInParallel = true

    public init(passages: Int = 10, answers: Int = 5, bm25Weight: Float = 0) {
        self.passages = passages
        self.answers = answers
        self.bm25Weight = bm25Weight
    }
}

/// Retrieval and reading joined: question → retrieved passages → ALBERT spans → one ranked,
/// deduplicated list of answers with exact document offsets.
public final class QuestionAnswerer: @unchecked Sendable {
    public let reader: AlbertReader
    public var options: AnsweringOptions
    private let workspaces: [AlbertWorkspace]
    private let singleWorkspace: AlbertWorkspace
    private let lock = NSLock()  // one question at a time per answerer (workspaces are reused)

    public init(reader: AlbertReader, options: AnsweringOptions = .init()) {
        self.reader = reader
        self.options = options
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        workspaces = (0..<cores).map { _ in reader.model.makeWorkspace(capacity: reader.featureOptions.maxSequenceLength, threads: 1) }
        singleWorkspace = reader.makeWorkspace()
    }

    /// Answers `question` from the passages `retriever` finds. `onUpdate` sees the ranking after
    /// every passage (for a UI that shows answers as they arrive); `isCancelled` is checked
    /// between passages.
    public func answer(
        _ question: String, retriever: any PassageRetriever,
        onUpdate: ((AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        let hits = try retriever.retrieve(question, limit: options.passages)
        return try answer(question, passages: hits, onUpdate: onUpdate, isCancelled: isCancelled)
    }

    /// Answers from `index` by BM25 (kept for callers not yet moved to `AnsweringSession`).
    public func answer(
        _ question: String, index: PassageIndex,
        onUpdate: ((AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        try answer(question, retriever: BM25Retriever(index: index), onUpdate: onUpdate, isCancelled: isCancelled)
    }

    /// Answers `question` from given passages (already retrieved).
    public func answer(
        _ question: String, passages hits: [PassageHit],
        onUpdate: ((AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        lock.lock()
        defer { lock.unlock() }
        let started = Date()
        let questionTokens = reader.tokenizer.tokenize(question)
        let bestBM25 = hits.map(\.score).max() ?? 1
        let collector = CandidateCollector(question: question, total: hits.count, options: options)
        if questionTokens.ids.isEmpty || hits.isEmpty {
            return collector.snapshot(seconds: Date().timeIntervalSince(started))
        }
        let options = self.options
        let read: (Int, AlbertWorkspace) throws -> Void = { [reader] i, workspace in
            let hit = hits[i]
            let result = try reader.read(question: questionTokens, context: hit.text,
                                         contextTokens: reader.tokenizer.tokenize(hit.text),
                                         topK: options.spansPerPassage, workspace: workspace)
            let blend = options.bm25Weight * Float(hit.score / max(bestBM25, 1e-9))
            collector.add(result, from: hit, blend: blend)
            onUpdate?(collector.snapshot(seconds: Date().timeIntervalSince(started)))
        }
        var failure: Error?
        if options.readPassagesInParallel, workspaces.count > 1 {
            let next = Counter()
            let failureLock = NSLock()
            let workers = min(workspaces.count, hits.count)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while !isCancelled(), let i = next.take(below: hits.count) {
                    do {
                        try read(i, workspaces[worker])
                    } catch {
                        failureLock.lock()
                        failure = failure ?? error
                        failureLock.unlock()
                        return
                    }
                }
            }
        } else {
            for i in hits.indices where !isCancelled() {
                try read(i, singleWorkspace)
            }
        }
        if let failure { throw failure }
        var result = collector.snapshot(seconds: Date().timeIntervalSince(started))
        result.cancelled = isCancelled() && result.passagesRead < result.passagesTotal
        return result
    }
}

/// Hands out 0, 1, 2, … to threads.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
