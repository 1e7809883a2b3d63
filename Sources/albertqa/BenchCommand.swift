import Albert
import Foundation

enum BenchCommand {
    static let spec = CommandSpec(
        name: "bench",
        summary: "Time the reader on one window (the work behind every passage read).",
        options: [
            .init(name: "--seq", value: "N", help: "tokens in the window (default 384)"),
            .init(name: "--runs", value: "N", help: "timed runs after 2 warm-up runs (default 20)"),
            jsonOption, modelOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
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
}
