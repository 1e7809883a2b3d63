import Dispatch

/// Times the model on one synthetic window of a given length.
public enum ReaderBenchmark {
    public struct Result: Sendable {
        public var minimumMilliseconds: Double
        public var medianMilliseconds: Double
        public var threads: Int
        /// Every timed run, in the order they ran.
        public var milliseconds: [Double]

        public init(threads: Int, milliseconds: [Double]) {
            let sorted = milliseconds.sorted()
            self.threads = threads
            self.milliseconds = milliseconds
            minimumMilliseconds = sorted.first ?? 0
            medianMilliseconds = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// One model and its window, warmed up once, timed in as many batches as asked: several
    /// sessions interleave their batches so that a busy machine's slow spells fall on all.
    public final class Session {
        public let model: AlbertForQuestionAnswering
        public let sequenceLength: Int
        private let ids: [Int32]
        private let types: [Int32]
        private let workspace: AlbertWorkspace
        public private(set) var milliseconds: [Double] = []

        /// The reader's model, its window laid out by the reader's tokenizer.
        public convenience init(reader: AlbertReader, sequenceLength: Int) throws {
            try self.init(model: reader.model, layout: reader.tokenizer.pairLayout, sequenceLength: sequenceLength)
        }

        /// `layout` places the special tokens (the ids themselves do not change the time).
        public init(model: AlbertForQuestionAnswering, layout: PairLayout, sequenceLength: Int) throws {
            // A fixed, realistic window: a short question then context, ids spread over the vocabulary.
            let vocabulary = Int32(model.config.vocabSize)
            let questionLength = min(16, sequenceLength / 4)
            var ids = [Int32](repeating: 0, count: sequenceLength)
            var types = [Int32](repeating: 0, count: sequenceLength)
            for i in 0..<sequenceLength {
                ids[i] = 5 + Int32((i * 7919) % Int(vocabulary - 5))
                types[i] = i > questionLength + 1 && layout.usesTokenTypes ? 1 : 0
            }
            ids.replaceSubrange(0..<layout.prefix.count, with: layout.prefix)
            ids.replaceSubrange(questionLength + 1..<questionLength + 1 + layout.separator.count, with: layout.separator)
            ids.replaceSubrange(sequenceLength - layout.suffix.count..<sequenceLength, with: layout.suffix)
            self.model = model
            self.sequenceLength = sequenceLength
            self.ids = ids
            self.types = types
            workspace = model.makeWorkspace(capacity: sequenceLength)
            for _ in 0..<2 { _ = try model.forward(inputIds: ids, tokenTypeIds: types, workspace: workspace) }
        }

        /// Times `runs` more forward passes.
        public func time(runs: Int) throws {
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try model.forward(inputIds: ids, tokenTypeIds: types, workspace: workspace)
                milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
        }

        public var result: Result { Result(threads: workspace.threads, milliseconds: milliseconds) }
    }

    public static func run(reader: AlbertReader, sequenceLength: Int, runs: Int) throws -> Result {
        let session = try Session(reader: reader, sequenceLength: sequenceLength)
        try session.time(runs: runs)
        return session.result
    }
}
