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
            .init(name: "--dense-scan", value: "N", help: "instead, time exact cosine top-20 over N random 384-dimension int8 vectors (and the scalar reference)"),
            indexOption,
            .init(name: "--precision", value: "P", help: "fp32, bf16, int8, auto, a comma-separated list, or all (default auto); ratios are against fp32 when it is listed"),
            jsonOption, modelOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if let folder = arguments.string("--search") { return try runSearch(folder, arguments) }
        if arguments.string("--dense-scan") != nil { return try runDenseScan(arguments) }
        guard let directory = modelDirectory(arguments) else {
            throw CommandFailure(message: "cannot find the default model Models/\(AlbertReader.defaultModelName); pass --model DIR")
        }
        let runs = try arguments.int("--runs", default: 20, range: 1...100_000)
        var rows: [[String: Any]] = []
        var fp32Median: Double?
        for precision in try benchPrecisions(arguments) {
            let reader = try AlbertReader(directory: directory, precision: precision)
            let sequence = try arguments.int("--seq", default: 384, range: 4...reader.model.config.maxPositionEmbeddings)
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
                print(String(format: "reader %@, one %d-token window: min %.2f ms, median %.2f ms%@ (%d runs, %d threads)",
                             precision.rawValue, sequence, result.minimumMilliseconds, result.medianMilliseconds, versus, runs, result.threads))
            }
        }
        if arguments.flag("--json") { printJSON(rows.count == 1 ? rows[0] : ["results": rows] as [String: Any]) }
    }

    /// The precisions to time, fp32 first (the others' ratios refer to it); ones the CPU
    /// cannot run are reported and skipped rather than timed as fp32 under another name.
    static func benchPrecisions(_ arguments: ParsedArguments) throws -> [Precision] {
        let value = arguments.string("--precision") ?? "auto"
        let names = value == "all" ? Precision.allCases.map(\.rawValue) : value.split(separator: ",").map(String.init)
        var chosen: [Precision] = []
        for name in names {
            guard let precision = Precision(named: name) else {
                throw UsageError(message: "--precision takes fp32, bf16, int8, auto, a comma-separated list or all, not '\(name)'")
            }
            if precision != .fp32 && !precision.isSupportedByCPU {
                FileHandle.standardError.write(Data("albertqa: skipping \(name): \(precision.unavailableReason)\n".utf8))
                continue
            }
            if !chosen.contains(precision) { chosen.append(precision) }
        }
        guard !chosen.isEmpty else { throw CommandFailure(message: "none of the precisions asked for runs on this CPU") }
        return chosen.sorted { Precision.allCases.firstIndex(of: $0)! < Precision.allCases.firstIndex(of: $1)! }
    }

    static func runDenseScan(_ arguments: ParsedArguments) throws {
        let passages = try arguments.int("--dense-scan", default: 130_000, range: 1...10_000_000)
        let result = DenseScanBenchmark.run(passages: passages, queries: try arguments.int("--runs", default: 20, range: 1...10_000))
        if arguments.flag("--json") {
            printJSON(["passages": result.passages, "dimension": result.dimension, "kernel": result.kernel,
                       "search_ms_median": rounded(Float(result.searchMedianMilliseconds), digits: 3),
                       "kernel_ms_median": rounded(Float(result.kernelMedianMilliseconds), digits: 3),
                       "scalar_ms_median": rounded(Float(result.scalarMedianMilliseconds), digits: 3), "megabytes": result.megabytes] as [String: Any])
            return
        }
        print(String(format: "dense top-20 over %d vectors (%.0f MB int8): search median %.2f ms; dot products %.2f ms (%@) vs %.2f ms scalar reference (%.2f×)",
                     result.passages, result.megabytes, result.searchMedianMilliseconds, result.kernelMedianMilliseconds, result.kernel,
                     result.scalarMedianMilliseconds, result.kernelMedianMilliseconds / max(result.scalarMedianMilliseconds, 1e-9)))
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
