import Dispatch

/// Times the sentence encoder: passages per second over a batch (tokenising included), and
/// the latency of one short query.
public enum EncoderBenchmark {
    public struct Result: Sendable {
        /// Passages encoded per second over the whole batch, median of the runs.
        public var passagesPerSecond: Double
        /// Word pieces per passage, [CLS] and [SEP] included (after truncation).
        public var tokensPerPassage: Double
        public var queryMinimumMilliseconds: Double
        public var queryMedianMilliseconds: Double
        public var threads: Int
    }

    /// A query as people type them.
    public static let query = "Who was Genghis Khan's wife?"

    /// `count` distinct passages of `words` words of English prose (a fixed text, each passage
    /// starting at a different word), so a run measures real word pieces, not one repeated id.
    public static func samplePassages(count: Int, words: Int) -> [String] {
        let source = sampleText.split(separator: " ")
        return (0..<count).map { index in
            (0..<words).map { source[(index * 37 + $0) % source.count] }.joined(separator: " ")
        }
    }

    public static func run(encoder: SentenceEncoder, passages: [String], runs: Int, queryRuns: Int) throws -> Result {
        _ = try encoder.encode(Array(passages.prefix(4)))  // warm-up: page in weights, grow workspaces
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try encoder.encode(passages)
            rates.append(Double(passages.count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
        }
        for _ in 0..<2 { _ = try encoder.encode(query) }
        var queryTimes: [Double] = []
        for _ in 0..<queryRuns {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try encoder.encode(query)
            queryTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let tokens = passages.map { encoder.tokenizer.encode($0, maxLength: encoder.maxSequenceLength).count }
        return Result(
            passagesPerSecond: median(rates), tokensPerPassage: Double(tokens.reduce(0, +)) / Double(max(1, tokens.count)),
            queryMinimumMilliseconds: queryTimes.min() ?? 0, queryMedianMilliseconds: median(queryTimes),
            threads: encoder.threads
        )
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Encyclopaedic prose (written for this benchmark) with names, numbers and punctuation.
    static let sampleText = """
    The Rhine rises in the Swiss Alps and flows for about 1,230 kilometres through Switzerland, \
    Liechtenstein, Austria, Germany, France and the Netherlands before it reaches the North Sea. \
    For centuries it carried timber, grain, coal and wine; Roman forts, medieval toll castles and \
    the industrial ports of the Ruhr grew along its banks. In 1815 the Congress of Vienna declared \
    navigation free for every nation, and the Central Commission for the Navigation of the Rhine, \
    founded that year in Mainz and now seated in Strasbourg, is one of the oldest international \
    organisations still at work. Temüjin, later known as Genghis Khan, married Börte of the \
    Onggirat when he was about sixteen; their sons Jochi, Chagatai, Ögedei and Tolui led the \
    campaigns that carried the Mongol Empire from Korea to the Danube. Chloroplasts capture light \
    with chlorophyll and fix carbon dioxide with the enzyme RuBisCO, perhaps the most abundant \
    protein on Earth, while the oxygen they release makes up roughly 21 percent of the air we \
    breathe. Doctor Who was first broadcast by the BBC on 23 November 1963 and follows a \
    time-travelling alien who explores the universe in the TARDIS, a ship larger inside than out.
    """
}
