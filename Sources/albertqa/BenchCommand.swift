import Albert
import Retrieval
import Foundation

enum BenchCommand {
    static let sequence = OptionSpec.integer("--seq", "N", in: 4...100_000, default: 384, help: "tokens in the window (at most the model's positions)")
    static let runs = OptionSpec.integer("--runs", "N", in: 1...100_000, help: "timed runs after 2 warm-up runs (default 20; 200 searches with --search; 5 batches with --encoder)")
    static let encoder = OptionSpec.optionalText("--encoder", "DIR", help: "instead, time the sentence encoder (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName)): passages/s and one query's latency")
    static let passages = OptionSpec.integer("--passages", "N", in: 2...100_000, default: 64, help: "with --encoder: passages per batch")
    static let words = OptionSpec.integer("--words", "N", in: 1...100_000, default: 220, help: "with --encoder: words per passage (the index's passage size)")
    static let denseScan = OptionSpec.integer("--dense-scan", "N", in: 1...10_000_000,
                                              help: "instead, time exact cosine top-20 over N random 384-dimension int8 vectors (and the scalar reference)")
    static let texts = OptionSpec.text("--texts", "FILE", help: "with --encoder: the passages, one per line (default: --passages made-up passages of --words words)")

    static let spec = CommandSpec(
        name: "bench",
        summary: "Time the reader on one window (the work behind every passage read), or the encoder or search.",
        options: [
            sequence, runs,
            .text("--search", "DIR", help: "instead, time BM25 top-20 searches over DIR's index (indexes first)"),
            .text("--queries", "FILE", help: "with --search: the queries, one per line (default: made from the passages)"),
            encoder, passages, words, texts, denseScan,
            indexOption, passageWordsOption, overlapOption,
            .text("--precision", "P", default: "auto", help: "fp32, bf16, int8, auto, a comma-separated list, or all; ratios are against fp32 when it is listed"),
            jsonOption, modelOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if let folder = arguments.string("--search") { return try runSearch(folder, arguments) }
        if arguments.string(denseScan) != nil { return try runDenseScan(arguments) }
        if arguments.flag(encoder) || arguments.string(encoder) != nil { return try runEncoder(arguments) }
        guard let directory = modelDirectory(arguments) else {
            throw CLIError.failure("cannot find the default model \(AlbertReader.defaultModelName); pass --model DIR or set ALBERTQA_MODEL")
        }
        let runs = arguments.optionalInt(Self.runs) ?? 20
        var rows: [[String: Any]] = []
        var fp32Median: Double?
        for precision in try benchPrecisions(arguments) {
            let reader = try AlbertReader(directory: directory, precision: precision)
            let sequence = arguments.int(Self.sequence)
            guard sequence <= reader.model.config.maxPositionEmbeddings else {
                throw CLIError.invalidValue(option: "--seq", value: String(sequence), expected: "at most the model's \(reader.model.config.maxPositionEmbeddings) positions")
            }
            let result = try ReaderBenchmark.run(reader: reader, sequenceLength: sequence, runs: runs)
            if precision == .fp32 { fp32Median = result.medianMilliseconds }
            let ratio = fp32Median.map { result.medianMilliseconds / $0 }
            var row: [String: Any] = [
                "precision": precision.rawValue,
                "ms_min": rounded(Float(result.minimumMilliseconds), digits: 3),
                "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                "seq": sequence, "threads": result.threads, "runs": runs,
                "ms_runs": result.milliseconds.map { rounded(Float($0), digits: 3) },
            ]
            if let ratio { row["median_vs_fp32"] = rounded(Float(ratio), digits: 3) }
            rows.append(row)
            if !arguments.flag("--json") {
                let versus = ratio.map { String(format: ", %.2f× fp32", $0) } ?? ""
                try output(Span(String(format: "reader %@, one %d-token window: min %.2f ms, median %.2f ms%@ (%d runs, %d threads)",
                                           precision.rawValue, sequence, result.minimumMilliseconds, result.medianMilliseconds, versus, runs, result.threads)))
            }
        }
        if arguments.flag("--json") { try Console.standardOutput.json(rows.count == 1 ? rows[0] : ["results": rows] as [String: Any]) }
    }

    /// The precisions to time, fp32 first (the others' ratios refer to it); ones the CPU
    /// cannot run are reported and skipped rather than timed as fp32 under another name.
    static func benchPrecisions(_ arguments: ParsedArguments) throws -> [Precision] {
        let value = arguments.string("--precision") ?? "auto"
        let names = value == "all" ? Precision.allCases.map(\.rawValue) : value.split(separator: ",").map(String.init)
        var chosen: [Precision] = []
        for name in names {
            guard let precision = Precision(named: name) else {
                throw CLIError.invalidValue(option: "--precision", value: name, expected: "fp32, bf16, int8, auto, a comma-separated list or all")
            }
            if precision != .fp32 && !precision.isSupportedByCPU {
                warn("skipping \(name): \(precision.unavailableReason)")
                continue
            }
            if !chosen.contains(precision) { chosen.append(precision) }
        }
        guard !chosen.isEmpty else { throw CLIError.failure("none of the precisions asked for runs on this CPU") }
        return chosen.sorted { Precision.allCases.firstIndex(of: $0)! < Precision.allCases.firstIndex(of: $1)! }
    }

    static func runDenseScan(_ arguments: ParsedArguments) throws {
        let passages = arguments.optionalInt(denseScan) ?? 130_000
        let result = DenseScanBenchmark.run(passages: passages, queries: arguments.optionalInt(Self.runs) ?? 20)
        if arguments.flag(jsonOption) {
            try Console.standardOutput.json(["passages": result.passages, "dimension": result.dimension, "kernel": result.kernel,
                       "search_ms_median": rounded(Float(result.searchMedianMilliseconds), digits: 3),
                       "kernel_ms_median": rounded(Float(result.kernelMedianMilliseconds), digits: 3),
                       "scalar_ms_median": rounded(Float(result.scalarMedianMilliseconds), digits: 3), "megabytes": result.megabytes] as [String: Any])
            return
        }
        try output(Span(String(format: "dense top-20 over %d vectors (%.0f MB int8): search median %.2f ms; dot products %.2f ms (%@) vs %.2f ms scalar reference (%.2f×)",
                     result.passages, result.megabytes, result.searchMedianMilliseconds, result.kernelMedianMilliseconds, result.kernel,
                     result.scalarMedianMilliseconds, result.kernelMedianMilliseconds / max(result.scalarMedianMilliseconds, 1e-9))))
    }

    static func runEncoder(_ arguments: ParsedArguments) throws {
        let runs = arguments.optionalInt(Self.runs) ?? 5
        var passages = EncoderBenchmark.samplePassages(count: arguments.int(Self.passages), words: arguments.int(Self.words))
        if let path = arguments.string(texts) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError.failure("\(path): cannot read the passages") }
            passages = text.split(separator: "\n").map(String.init)
            guard passages.count >= 2 else { throw CLIError.failure("\(path): needs at least 2 passages, one per line") }
        }
        var rows: [[String: Any]] = []
        var fp32Rate: Double?
        for precision in try benchPrecisions(arguments) {
            let encoder = try loadEncoder(arguments, precision: precision)
            let result = try EncoderBenchmark.run(encoder: encoder, passages: passages, runs: runs, queryRuns: 50)
            if precision == .fp32 { fp32Rate = result.passagesPerSecond }
            let ratio = fp32Rate.map { result.passagesPerSecond / $0 }
            var row: [String: Any] = [
                "precision": precision.rawValue, "passages_per_second": rounded(Float(result.passagesPerSecond), digits: 2),
                "tokens_per_passage": rounded(Float(result.tokensPerPassage), digits: 1), "passages": passages.count,
                "query_ms_min": rounded(Float(result.queryMinimumMilliseconds), digits: 3),
                "query_ms_median": rounded(Float(result.queryMedianMilliseconds), digits: 3),
                "threads": result.threads, "runs": runs,
            ]
            if let ratio { row["passages_per_second_vs_fp32"] = rounded(Float(ratio), digits: 3) }
            rows.append(row)
            if !arguments.flag("--json") {
                let versus = ratio.map { String(format: " (%.2f× fp32)", $0) } ?? ""
                try output(Span(String(format: "encoder %@: %.1f passages/s%@ of %.0f word pieces, %d at a time; query: min %.2f ms, median %.2f ms",
                                       precision.rawValue, result.passagesPerSecond, versus, result.tokensPerPassage, result.threads,
                                       result.queryMinimumMilliseconds, result.queryMedianMilliseconds)))
            }
        }
        if arguments.flag("--json") { try Console.standardOutput.json(rows.count == 1 ? rows[0] : ["results": rows] as [String: Any]) }
    }

    static func runSearch(_ folder: String, _ arguments: ParsedArguments) throws {
        let (index, report) = try openUpdatedIndex(folder, arguments, quiet: arguments.flag("--json"))
        let runs = arguments.optionalInt(Self.runs) ?? 200
        let result: SearchBenchmark.Result
        if let path = arguments.string("--queries") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError.failure("\(path): cannot read the queries") }
            result = try SearchBenchmark.run(index: index, queries: text.split(separator: "\n").map(String.init), limit: 20)
        } else {
            result = try SearchBenchmark.run(index: index, queries: runs, limit: 20)
        }
        if arguments.flag("--json") {
            try Console.standardOutput.json(["queries": result.queries, "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                       "ms_p95": rounded(Float(result.p95Milliseconds), digits: 3), "ms_max": rounded(Float(result.maximumMilliseconds), digits: 3),
                       "passages": report.passages, "top": 20] as [String: Any])
        } else {
            try output(Span(String(format: "BM25 top-20 over %d passages: median %.2f ms, p95 %.2f ms, max %.2f ms (%d queries)",
                                   report.passages, result.medianMilliseconds, result.p95Milliseconds, result.maximumMilliseconds, result.queries)))
        }
    }
}
