import Foundation

/// Times BM25 searches on an index: with given queries (real questions), or with queries made
/// from its own passages (a run of words from every n-th passage), so that any folder can be
/// measured without a question set.
public enum SearchBenchmark {
    public struct Result: Sendable {
        public var queries: Int
        public var medianMilliseconds: Double
        public var p95Milliseconds: Double
        public var maximumMilliseconds: Double
    }

    /// Times the given queries.
    public static func run(index: PassageIndex, queries: [String], limit: Int) throws -> Result {
        var times: [Double] = []
        for query in queries {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try index.search(query, limit: limit)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        guard !times.isEmpty else { throw RetrievalError.noQueriesToTime }
        return Result(queries: times.count, medianMilliseconds: times[times.count / 2],
                      p95Milliseconds: times[min(times.count - 1, times.count * 95 / 100)], maximumMilliseconds: times.last!)
    }

    /// Times `count` queries made from the index's own passages.
    public static func run(index: PassageIndex, queries count: Int, limit: Int) throws -> Result {
        let (_, passages) = try index.counts()
        guard passages > 0 else { throw RetrievalError.noPassagesToSearch }
        var queries: [String] = []
        for i in 0..<count {
            let id = Int64(1 + (i * 7_919) % passages)
            guard let text = try index.passageText(id: id) else { continue }
            let words = text.split(whereSeparator: { $0.isWhitespace })
            let start = min(words.count, 3 + i % 7)
            queries.append(words.dropFirst(start).prefix(10).joined(separator: " "))
        }
        return try run(index: index, queries: queries, limit: limit)
    }
}
