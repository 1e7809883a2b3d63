import Albert
import Retrieval
import Foundation

enum BenchCommand {
    static let sequence = Option<Int>("--seq", "N", in: 4...100_000, help: "tokens in the window (at most the model's positions)").default(384)
    static let runs = Option<Int>("--runs", "N", in: 1...100_000, help: "timed runs after 2 warm-up runs (default 20; 200 searches with --search; 5 batches with --encoder)")
    static let encoder = Option<URL>.directoryOrFlag("--encoder", "DIR", help: "instead, time the sentence encoder (default: $ALBERTQA_ENCODER, else the shipped Models/\(SentenceEncoder.defaultModelName)): passages/s and one query's latency")
    static let passages = Option<Int>("--passages", "N", in: 2...100_000, help: "with --encoder: passages per batch").default(64)
    static let words = Option<Int>("--words", "N", in: 1...100_000, help: "with --encoder: words per passage (the index's passage size)").default(220)
    static let denseScan = Option<Int>("--dense-scan", "N", in: 1...10_000_000,
                                       help: "instead, time exact cosine top-20 over N random 384-dimension int8 vectors (and the scalar reference)")
    static let texts = Option<URL>.file("--texts", "FILE", help: "with --encoder: the passages, one per line (default: --passages made-up passages of --words words)")
    static let rounds = Option<Int>("--rounds", "N", in: 1...1000,
                                    help: "split the runs into N rounds that take turns across the kernels and precisions").default(1)
    static let search = Option<URL>.directory("--search", "DIR", help: "instead, time BM25 top-20 searches over DIR's index (indexes first)")
    static let queries = Option<URL>.file("--queries", "FILE", help: "with --search: the queries, one per line (default: made from the passages)")
    /// A list (or all), not one choice: checked by `benchPrecisions` with its own message.
    static let precisions = Option<String>("--precision", "P", suggesting: PrecisionChoice.allCases.map(\.argument) + [everyOne],
                                           help: "\(PrecisionChoice.allCases.map(\.argument).joined(separator: ", ")), a comma-separated list, or all; ratios are against fp32 when it is listed")
        .default(PrecisionChoice.auto.argument)
    static let kernels = Option<String>("--kernels", "K", suggesting: KernelChoice.allCases.map(\.argument) + [everyOne],
                                        help: "\(KernelChoice.allCases.map(\.argument).joined(separator: ", ")), a comma-separated list, or all this CPU runs (default: $ALBERTQA_KERNELS, else auto)")
    /// The `--precision`/`--kernels` value that lists every one.
    static let everyOne = "all"

    static let spec = CommandSpec(
        name: "bench",
        summary: "Time the reader on one window (the work behind every passage read), or the encoder or search.",
        options: [
            sequence, runs,
            search, queries,
            encoder, passages, words, texts, denseScan,
            indexOption, passageWordsOption, overlapOption,
            precisions, kernels,
            rounds,
            jsonOption, modelOption,
        ]
    )

    static func run(_ arguments: ParsedArguments) throws {
        if let folder = arguments[search] { return try runSearch(folder.path, arguments) }
        if arguments[denseScan] != nil { return try runDenseScan(arguments) }
        if arguments.isGiven(encoder) { return try runEncoder(arguments) }
        guard let directory = modelDirectory(arguments) else {
            throw CLIError.defaultModelMissing
        }
        let runs = arguments[Self.runs] ?? 20
        let rounds = arguments[Self.rounds]
        let sequence = arguments[Self.sequence]
        // Every kernels × precision pair, each loaded once, then timed round by round in turn
        // (so that a slow spell of a shared machine falls on all of them).
        var sessions: [(kernels: KernelTable, precision: Precision, session: ReaderBenchmark.Session)] = []
        for kernels in try benchKernels(arguments) {
            for precision in try benchPrecisions(arguments, kernels: kernels) {
                let model = try AlbertForQuestionAnswering(directory: directory, precision: precision, kernels: kernels)
                guard sequence <= model.config.maxSequenceLength else {
                    throw CLIError.invalidValue(option: Self.sequence.name, value: String(sequence), expected: "at most the model's \(model.config.maxSequenceLength) positions")
                }
                let layout = try benchLayout(directory: directory)
                sessions.append((kernels, precision, try ReaderBenchmark.Session(model: model, layout: layout, sequenceLength: sequence)))
            }
        }
        guard !sessions.isEmpty else { throw CLIError.nothingToBenchmark }
        let perRound = max(1, runs / rounds)
        for round in 0..<rounds {
            for entry in sessions { try entry.session.time(runs: round == rounds - 1 ? max(0, runs - perRound * (rounds - 1)) : perRound) }
        }
        var rows: [[String: Any]] = []
        let baseline = sessions[0].session.result.medianMilliseconds
        for entry in sessions {
            let result = entry.session.result
            let fp32 = sessions.first { $0.kernels == entry.kernels && $0.precision == .fp32 }?.session.result.medianMilliseconds
            var row: [String: Any] = [
                "kernels": entry.kernels.name,
                "precision": entry.precision.rawValue,
                "ms_min": rounded(Float(result.minimumMilliseconds), digits: 3),
                "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                "seq": sequence, "threads": result.threads, "runs": result.milliseconds.count, "rounds": rounds,
                "ms_runs": result.milliseconds.map { rounded(Float($0), digits: 3) },
                "median_vs_first": rounded(Float(result.medianMilliseconds / baseline), digits: 3),
            ]
            if let fp32 { row["median_vs_fp32"] = rounded(Float(result.medianMilliseconds / fp32), digits: 3) }
            rows.append(row)
            if !arguments[jsonOption] {
                let versus = fp32.map { String(format: ", %.2f× fp32", result.medianMilliseconds / $0) } ?? ""
                let first = sessions.count > 1 ? String(format: ", %.2f× the first", result.medianMilliseconds / baseline) : ""
                try output(Span(String(format: "reader %@ %@, one %d-token window: min %.2f ms, median %.2f ms%@%@ (%d runs, %d threads)",
                                       entry.kernels.name, entry.precision.rawValue, sequence, result.minimumMilliseconds,
                                       result.medianMilliseconds, versus, first, result.milliseconds.count, result.threads)))
            }
        }
        if arguments[jsonOption] {
            try Console.standardOutput.json(rows.count == 1 ? rows[0] : ["results": rows, "cpu_features": KernelTable.cpuFeatures] as [String: Any])
        }
    }

    /// The window's special tokens: the model's tokenizer's layout.
    static func benchLayout(directory: URL) throws -> PairLayout {
        try ReaderTokenizers.load(directory: directory).pairLayout
    }

    /// `--kernels`: auto (default: $ALBERTQA_KERNELS, else the fastest), a name, a
    /// comma-separated list, or all (every table this CPU runs, fastest first).
    static func benchKernels(_ arguments: ParsedArguments) throws -> [KernelTable] {
        guard let value = arguments[kernels] else { return [try kernelTable(arguments)] }
        if value == everyOne { return KernelTable.available }
        var chosen: [KernelTable] = []
        for name in value.split(separator: ",").map(String.init) {
            guard KernelChoice(argument: name) != nil else {
                throw CLIError.invalidValue(option: kernels.name, value: name,
                                            expected: "\(KernelChoice.allCases.map(\.argument).joined(separator: ", ")), a comma-separated list or \(everyOne)")
            }
            do {
                let kernels = try KernelTable.named(name)
                if !chosen.contains(kernels) { chosen.append(kernels) }
            } catch let error as AlbertError { throw CLIError.kernelsUnavailable(name: name, error) }
        }
        return chosen
    }

    /// The precisions to time on `kernels`, fp32 first (the others' ratios refer to it); ones
    /// the kernels cannot run here are reported and skipped rather than timed as fp32 under
    /// another name.
    static func benchPrecisions(_ arguments: ParsedArguments, kernels: KernelTable) throws -> [Precision] {
        let value = arguments[precisions]
        let names = value == everyOne ? Precision.allCases.map(\.rawValue) : value.split(separator: ",").map(String.init)
        var chosen: [Precision] = []
        for name in names {
            guard let precision = PrecisionChoice(argument: name)?.precision(on: kernels) else {
                throw CLIError.invalidValue(option: precisions.name, value: name,
                                            expected: "\(PrecisionChoice.allCases.map(\.argument).joined(separator: ", ")), a comma-separated list or \(everyOne)")
            }
            if !kernels.supports(precision) {
                warn("skipping \(kernels) \(name): \(kernels.unavailableReason(precision))")
                continue
            }
            if !chosen.contains(precision) { chosen.append(precision) }
        }
        return chosen.sorted { Precision.allCases.firstIndex(of: $0)! < Precision.allCases.firstIndex(of: $1)! }
    }

    static func runDenseScan(_ arguments: ParsedArguments) throws {
        let passages = arguments[denseScan] ?? 130_000
        let result = DenseScanBenchmark.run(passages: passages, queries: arguments[Self.runs] ?? 20)
        if arguments[jsonOption] {
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
        let runs = arguments[Self.runs] ?? 5
        var passages = EncoderBenchmark.samplePassages(count: arguments[Self.passages], words: arguments[Self.words])
        if let path = arguments[texts]?.path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError.cannotRead(path: path, what: "the passages") }
            passages = text.split(separator: "\n").map(String.init)
            guard passages.count >= 2 else { throw CLIError.tooFewPassages(path: path) }
        }
        var rows: [[String: Any]] = []
        var fp32Rate: Double?
        let kernels = try benchKernels(arguments)[0]  // the encoder is timed on one table
        for precision in try benchPrecisions(arguments, kernels: kernels) {
            let encoder = try loadEncoder(arguments, Self.encoder, precision: precision, kernels: kernels)
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
            if !arguments[jsonOption] {
                let versus = ratio.map { String(format: " (%.2f× fp32)", $0) } ?? ""
                try output(Span(String(format: "encoder %@: %.1f passages/s%@ of %.0f word pieces, %d at a time; query: min %.2f ms, median %.2f ms",
                                       precision.rawValue, result.passagesPerSecond, versus, result.tokensPerPassage, result.threads,
                                       result.queryMinimumMilliseconds, result.queryMedianMilliseconds)))
            }
        }
        if arguments[jsonOption] { try Console.standardOutput.json(rows.count == 1 ? rows[0] : ["results": rows] as [String: Any]) }
    }

    static func runSearch(_ folder: String, _ arguments: ParsedArguments) throws {
        let (index, report) = try openUpdatedIndex(folder, arguments, quiet: arguments[jsonOption])
        let runs = arguments[Self.runs] ?? 200
        let result: SearchBenchmark.Result
        if let path = arguments[queries]?.path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError.cannotRead(path: path, what: "the queries") }
            result = try SearchBenchmark.run(index: index, queries: text.split(separator: "\n").map(String.init), limit: 20)
        } else {
            result = try SearchBenchmark.run(index: index, queries: runs, limit: 20)
        }
        if arguments[jsonOption] {
            try Console.standardOutput.json(["queries": result.queries, "ms_median": rounded(Float(result.medianMilliseconds), digits: 3),
                       "ms_p95": rounded(Float(result.p95Milliseconds), digits: 3), "ms_max": rounded(Float(result.maximumMilliseconds), digits: 3),
                       "passages": report.passages, "top": 20] as [String: Any])
        } else {
            try output(Span(String(format: "BM25 top-20 over %d passages: median %.2f ms, p95 %.2f ms, max %.2f ms (%d queries)",
                                   report.passages, result.medianMilliseconds, result.p95Milliseconds, result.maximumMilliseconds, result.queries)))
        }
    }
}
