import Albert
import Documents
import Foundation
import Retrieval
import Synchronization

/// How questions are answered over a folder.
public struct AnsweringOptions: Sendable, Equatable {
    /// Passages retrieved and read.
    public var passages = 10
    /// Answers returned.
    public var answers = 5
    /// Distinct spans kept from each passage before merging. Variants of one place (“Nairobi”,
    /// “capital city, Nairobi”) merge into one answer, so 20 leave several places per passage.
    public var spansPerPassage = 20
    /// Weight of the passage's BM25 score (divided by the best BM25 score of the question)
    /// added to span − null. 0 ranks by the reader alone (measured best, see README).
    public var bm25Weight: Float = 0
    /// A SQuAD 2.0 reader's "no answer" threshold (`--null-threshold`): an answer whose
    /// passage's null score exceeds its span score by more than this is marked as a guess.
    /// nil: the model directory's (`AlbertReader.nullScoreDiffThreshold`), else 0.
    public var nullThreshold: Float?
    /// A scope (`--in`, `eval --scope document`) of at most this many passages is read whole:
    /// the retrieved passages first, then the scope's others in document order. 0: only the
    /// retrieved ones, the default: measured (`eval --open --every 5 --scope document
    /// --read-scope N`, int8), reading more did not help. COVID-QA (papers, median 27 passages):
    /// N = 30 gives EM/F1 18.93/42.37 against 19.53/42.61 and takes 1.5× the time. ConditionalQA
    /// (guides of a few passages): the default retriever already reads them all (48.36 F1 either
    /// way); with BM25, N = 20 gains 0.4 F1 (47.97 → 48.36), one question.
    public var wholeScopePassages = 0
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
public final class QuestionAnswerer: Sendable {
    public let reader: AlbertReader
    public var options: AnsweringOptions {
        get { settings.withLock { $0 } }
        set { settings.withLock { $0 = newValue } }
    }
    private let settings: Mutex<AnsweringOptions>
    /// The model's `calibration.json` (probabilities and the "not found" threshold), if it has one.
    public let calibration: AnswerCalibration?
    /// One question at a time per answerer: the workspaces are reused from question to question.
    private let workspaces: Mutex<Workspaces>

    private struct Workspaces {
        /// One single-threaded workspace per core, for reading passages side by side.
        var perCore: [AlbertWorkspace]
        /// One workspace that splits each window over the cores, for reading one at a time.
        var single: AlbertWorkspace
    }

    /// An answerer whose calibration follows `policy` (by default the model's `calibration.json`
    /// when it has one). The one place a calibration is loaded for answering: a broken file
    /// throws, in the CLI and in the interface alike.
    public convenience init(reader: AlbertReader, options: AnsweringOptions = .init(),
                            calibrationPolicy policy: CalibrationPolicy = .shippedWithModel) throws {
        self.init(reader: reader, options: options, calibration: try policy.load(modelDirectory: reader.directory))
    }

    public init(reader: AlbertReader, options: AnsweringOptions = .init(), calibration: AnswerCalibration?) {
        self.reader = reader
        self.calibration = calibration
        settings = Mutex(options)
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        workspaces = Mutex(Workspaces(
            perCore: (0..<cores).map { _ in reader.model.makeWorkspace(capacity: reader.featureOptions.maxSequenceLength, threads: 1) },
            single: reader.makeWorkspace()
        ))
    }

    /// Answers `question` from the passages `retriever` finds. `onUpdate` sees the ranking after
    /// every passage (for a UI that shows answers as they arrive); `isCancelled` is checked
    /// between passages.
    public func answer(
        _ question: String, retriever: any PassageRetriever,
        onUpdate: (@Sendable (AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        let hits = try retriever.retrieve(question, limit: options.passages)
        return try answer(question, passages: hits, onUpdate: onUpdate, isCancelled: isCancelled)
    }

    /// Answers from `index` by BM25 (kept for callers not yet moved to `AnsweringSession`).
    public func answer(
        _ question: String, index: PassageIndex,
        onUpdate: (@Sendable (AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        try answer(question, retriever: BM25Retriever(index: index), onUpdate: onUpdate, isCancelled: isCancelled)
    }

    /// Answers `question` from given passages (already retrieved).
    public func answer(
        _ question: String, passages hits: [PassageHit],
        onUpdate: (@Sendable (AnswerSet) -> Void)? = nil, isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> AnswerSet {
        try workspaces.withLock { workspaces in
            try answer(question, passages: hits, workspaces: workspaces, onUpdate: onUpdate, isCancelled: isCancelled)
        }
    }

    private func answer(
        _ question: String, passages hits: [PassageHit], workspaces: Workspaces,
        onUpdate: (@Sendable (AnswerSet) -> Void)?, isCancelled: @escaping @Sendable () -> Bool
    ) throws -> AnswerSet {
        let started = Date()
        var asked = self.options
        asked.nullThreshold = asked.nullThreshold ?? reader.nullScoreDiffThreshold
        let options = asked
        let questionTokens = reader.tokenizer.tokenize(question)
        let bestBM25 = hits.map(\.score).max() ?? 1
        let collector = CandidateCollector(question: question, total: hits.count, options: options, calibration: calibration)
        if questionTokens.ids.isEmpty || hits.isEmpty {
            return collector.snapshot(seconds: Date().timeIntervalSince(started))
        }
        let read: @Sendable (Int, AlbertWorkspace) throws -> Void = { [reader] i, workspace in
            let hit = hits[i]
            let result = try reader.read(question: questionTokens, context: hit.text,
                                         contextTokens: reader.tokenizer.tokenize(hit.text),
                                         topK: options.spansPerPassage, workspace: workspace, units: hit.rowsInPassage)
            let blend = options.bm25Weight * Float(hit.score / max(bestBM25, 1e-9))
            collector.add(result, from: hit, rank: i, blend: blend)
            onUpdate?(collector.snapshot(seconds: Date().timeIntervalSince(started)))
        }
        if options.readPassagesInParallel, workspaces.perCore.count > 1 {
            let next = Counter()
            let failure = FirstError()
            let workers = min(workspaces.perCore.count, hits.count)
            let order = Self.longestFirst(hits)
            // Each worker uses only its own workspace, and concurrentPerform returns only after
            // every worker has finished, so the (non-Sendable) workspaces are never shared.
            nonisolated(unsafe) let perCore = workspaces.perCore
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while !isCancelled(), let k = next.take(below: hits.count) {
                    do {
                        try read(order[k], perCore[worker])
                    } catch {
                        failure.record(error)
                        return
                    }
                }
            }
            if let error = failure.value { throw error }
        } else {
            for i in hits.indices where !isCancelled() {
                try read(i, workspaces.single)
            }
        }
        var result = collector.snapshot(seconds: Date().timeIntervalSince(started))
        result.retrieved = hits
        result.cancelled = isCancelled() && result.passagesRead < result.passagesTotal
        return result
    }
}

extension PassageHit {
    /// Its table rows as ranges of the passage's text (clipped to it), which an answer may not
    /// cross.
    var rowsInPassage: [Range<Int>] {
        tableRows.compactMap { row in
            let lower = max(row.range.lowerBound, range.lowerBound), upper = min(row.range.upperBound, range.upperBound)
            return lower < upper ? (lower - range.lowerBound)..<(upper - range.lowerBound) : nil
        }
    }
}

extension QuestionAnswerer {
    /// The order in which workers side by side take passages: longest text first (ties by rank),
    /// so that the last passages read are short and the cores finish together. In rank order
    /// a long passage taken last leaves the other core idle: of the 10 passages `ask` reads for
    /// "Who won Super Bowl 50?" on Documents/ (252, 222, 160, 147, 139, 82, 166, 96, 76 and 121
    /// tokens), the busier core reads 768 tokens in rank order, 732 longest first (an even split
    /// is 731). Answers do not depend on the order (the collector ranks by score).
    static func longestFirst(_ hits: [PassageHit]) -> [Int] {
        let lengths = hits.map(\.text.utf8.count)
        return hits.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
    }
}

/// Hands out 0, 1, 2, … to threads.
final class Counter: Sendable {
    private let next = Atomic<Int>(0)

    func take(below limit: Int) -> Int? {
        let value = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return value < limit ? value : nil
    }
}
