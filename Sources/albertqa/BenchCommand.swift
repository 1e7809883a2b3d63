import Albert
import Retrieval
import Foundation

enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        summary: "Time the reader on one window (the work behind every passage read).",
        options: [
            .init(name: "--seq", value: "N", help: "tokens in the window (default 384)"),
            .init(name: "--runs", value: "N", help: "timed runs after 2 warm-up runs (default 20)"),
            .init(name: "--search", value: "DIR", help: "instead, time BM25 top-20 searches over DIR's index (indexes first)"),
            .init(name: "--queries", value: "FILE", help: "with --search: the queries, one per line (default: made from the passages)"),
            indexOption,
            jsonOption, modelOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if let folder = arguments.string("--search") { return try runSearch(folder, arguments) }
        let reader = try loadReader(arguments)
        let sequence = try arguments.int("--seq", default: 384, range: 4...reader.model.config.maxPositionEmbeddings)
        let runs = try arguments.int("--runs", default: 20, range: 1...100_000)
        let result = try ReaderBenchmark.run(reader: reader, sequenceLength: sequence, runs: runs)
        if arguments.flag("--json") {
            printJSON(["ms_min": rounded(Float(result.minimumMilliseconds), digits: 3),
                       "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                       "seq": sequence, "threads": result.threads, "runs": runs] as [String: Any])
        } else {
            print(String(format: "reader, one %d-token window: min %.2f ms, median %.2f ms (%d runs, %d threads)",
                         sequence, result.minimumMilliseconds, result.medianMilliseconds, runs, result.threads))
        }
    }

    static func runSearch(_ folder: String, _ arguments: ParsedArguments) throws {
        let (index, report) = try openUpdatedIndex(folder, arguments, quiet: arguments.flag("--json"))
        let runs = try arguments.int("--runs", default: 200, range: 1...100_000)
        let result: SearchBenchmark.Result
        if let path = arguments.string("--queries") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CommandFailure(message: "\(path): cannot read the queries") }
            result = try SearchBenchmark.run(index: index, queries: text.split(separator: "\n").map(String.init), limit: 20)
        } else {
            result = try SearchBenchmark.run(index: index, queries: runs, limit: 20)
        }
        if arguments.flag("--json") {
            printJSON(["queries": result.queries, "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                       "ms_p95": rounded(Float(result.p95Milliseconds), digits: 3), "ms_max": rounded(Float(result.maximumMilliseconds), digits: 3),
                       "passages": report.passages, "top": 20] as [String: Any])
        } else {
            print(String(format: "BM25 top-20 over %d passages: median %.2f ms, p95 %.2f ms, max %.2f ms (%d queries)",
                         report.passages, result.medianMilliseconds, result.p95Milliseconds, result.maximumMilliseconds, result.queries))
        }
    }
}
