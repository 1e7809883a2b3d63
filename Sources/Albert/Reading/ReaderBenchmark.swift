import Dispatch

/// Times the model on one synthetic window of a given length.
public enum ReaderBenchmark {
    public struct Result: Sendable {
        public var minimumMilliseconds: Double
        public var medianMilliseconds: Double
        public var threads: Int
        /// Every timed run, in the order they ran.
        public var milliseconds: [Double]
    }

    public static func run(reader: AlbertReader, sequenceLength: Int, runs: Int) throws -> Result {
        // A fixed, realistic window: a short question then context, ids spread over the vocabulary.
        let vocabulary = Int32(reader.model.config.vocabSize)
        let questionLength = min(16, sequenceLength / 4)
        var ids = [Int32](repeating: 0, count: sequenceLength)
        var types = [Int32](repeating: 0, count: sequenceLength)
        for i in 0..<sequenceLength {
            ids[i] = 5 + Int32((i * 7919) % Int(vocabulary - 5))
            types[i] = i > questionLength + 1 ? 1 : 0
        }
        ids[0] = reader.tokenizer.clsID
        ids[questionLength + 1] = reader.tokenizer.sepID
        ids[sequenceLength - 1] = reader.tokenizer.sepID
        let workspace = reader.makeWorkspace()
        for _ in 0..<2 { _ = try reader.model.forward(inputIds: ids, tokenTypeIds: types, workspace: workspace) }
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try reader.model.forward(inputIds: ids, tokenTypeIds: types, workspace: workspace)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let sorted = times.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return Result(minimumMilliseconds: sorted[0], medianMilliseconds: median, threads: workspace.threads, milliseconds: times)
    }
}
