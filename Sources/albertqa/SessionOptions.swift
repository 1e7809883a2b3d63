import Albert
import Answering
import Documents
import Foundation
import Retrieval

let retrieverOption = OptionSpec.choice(
    "--retriever", RetrieverKind.allCases.map(\.rawValue),
    help: "bm25 (the default), dense (sentence-encoder cosine) or hybrid (both, fused by reciprocal rank); dense and hybrid encode the passages first")
let columnWeightsOption = OptionSpec.text(
    "--column-weights", "T,S,X",
    help: "BM25 weights of the title, section and text columns (default \(ColumnWeights.default.title),\(ColumnWeights.default.section),\(ColumnWeights.default.text); 0,0,1 ranks by the text alone)")
let fusionDepthOption = OptionSpec.integer("--fusion-depth", "N", in: 1...1000, default: 30,
                                           help: "hybrid: passages each retriever contributes before fusion")
let fusionOptions = [
    OptionSpec.number("--fusion-k", "K", in: 1...100_000, default: 60, help: "hybrid: reciprocal-rank fusion constant"),
    OptionSpec.number("--dense-weight", "W", in: 0...100, default: 1, help: "hybrid: weight of the dense list in the fusion"),
]

/// `--retriever bm25|dense|hybrid`; BM25 when not given. Hybrid raises recall@10 on the dev
/// sets (covidqa 86.1 → 86.4, conditionalqa 78.1 → 82.4) but not open F1 on the subsets
/// measured, needs every passage encoded first (Documents/: about 3 minutes on 2 loaded
/// cores), and the answer calibration (`calibration.json`) was fit on BM25's ranks and
/// scores — so it is asked for by name (README, "Retrieval").
func retrieverKind(_ arguments: ParsedArguments) -> RetrieverKind {
    arguments.string(retrieverOption).flatMap(RetrieverKind.init(rawValue:)) ?? .bm25
}

/// The sentence encoder dense retrieval needs (`--encoder DIR`, `$ALBERTQA_ENCODER`, or the
/// shipped model) in the `--precision` asked for; nil for BM25.
func loadEncoder(for kind: RetrieverKind, _ arguments: ParsedArguments) throws -> (any PassageEncoder)? {
    guard kind != .bm25 else { return nil }
    let kernels = try kernelTable(arguments)
    return SentenceEncoderAdapter(try loadEncoder(arguments, precision: precision(arguments, kernels: kernels), kernels: kernels))
}

func fusionSettings(_ arguments: ParsedArguments) -> (depth: Int, k: Double, denseWeight: Double) {
    (arguments.int(fusionDepthOption), arguments.double(fusionOptions[0]), arguments.double(fusionOptions[1]))
}

func columnWeights(_ arguments: ParsedArguments) throws -> ColumnWeights {
    guard let text = arguments.string(columnWeightsOption) else { return .default }
    guard let weights = ColumnWeights(parsing: text) else { throw CLIError.usage("--column-weights must be three numbers ≥ 0 like 2,1,1, not '\(text)'") }
    return weights
}

func chunkingOptions(_ arguments: ParsedArguments) -> ChunkingOptions {
    ChunkingOptions(maxWords: arguments.int(passageWordsOption), overlapSentences: arguments.int(overlapOption))
}

/// Opens the folder's session and brings its index (and, for dense retrieval, its vectors) up
/// to date, with progress on a terminal's stderr. The folder must exist (checked first, so a
/// typo never creates an index). An index this run created is removed again if the command
/// then fails (`FailureCleanup`). Ctrl-C stops after the batch being written. When another
/// process is writing the index, `index` waits for it; the commands that only read
/// (`whenBusy: .useAsIs`) use the index as it stands, with a notice.
/// For dense and hybrid retrieval, the passages without a vector are encoded first (with
/// progress; only new or changed passages after the first run).
func openSession(
    _ folder: String, _ arguments: ParsedArguments, answerer: QuestionAnswerer? = nil, quiet: Bool = false,
    whenBusy: PassageIndex.WhenBusy = .useAsIs, retriever forced: RetrieverKind? = nil
) throws -> (AnsweringSession, IndexReport, VectorReport?) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw CLIError.noSuchFolder(folder) }
    guard isDirectory.boolValue else { throw CLIError.failure("\(folder): not a folder (name the folder that holds the documents)") }
    let folderURL = URL(fileURLWithPath: folder)
    let kind = forced ?? retrieverKind(arguments)
    // nil: the default place, whose folder the index creates (a path given is never given folders).
    let givenURL = arguments.string(indexOption).map { URL(fileURLWithPath: $0) }
    FailureCleanup.removeIfCreated(givenURL ?? IndexLocation.defaultURL(for: folderURL))
    var configuration = AnsweringSession.Configuration(folder: folderURL, databaseURL: givenURL, chunking: chunkingOptions(arguments), retriever: kind)
    configuration.columnWeights = try columnWeights(arguments)
    configuration.maxFileBytes = arguments.int(maxFileOption) << 20
    (configuration.fusionDepth, configuration.fusionK, configuration.denseWeight) = fusionSettings(arguments)
    let session = try AnsweringSession(configuration, answerer: answerer, encoder: try loadEncoder(for: kind, arguments))
    let index = session.index
    if let notice = index.rebuiltBecause { warn(notice) }
    index.onWaitingForAnotherWriter = { warn("waiting for another albertqa that is writing \(index.databaseURL.path)") }
    let progressLine = ProgressLine(shown: Console.standardError.isTerminal && !quiet)
    let report = try session.updateIndex(progress: progressLine.shown ? { progress in
        guard progress.filesDone % 20 == 0 || progress.filesDone == progress.filesTotal else { return }
        progressLine.show(String(format: "indexing %d/%d files, %.1f MB/s ", progress.filesDone, progress.filesTotal, progress.megabytesPerSecond))
    } : nil, isCancelled: Interruption.isRequested, whenBusy: whenBusy)
    progressLine.clear()
    if report.cancelled, let signal = Interruption.receivedSignal {
        warn("indexing interrupted: the index is consistent and the next run completes it")
        throw CLIError.interrupted(signal: signal)
    }
    if report.leftToAnotherWriter { warn("another albertqa is writing \(index.databaseURL.path): searching the index as it stands") }
    if report.documents > 0 { FailureCleanup.keep(index.databaseURL) }  // an index with documents is worth keeping
    if DocumentLoader.pdftotextPath == nil, report.skippedCount(.pdftotextMissing) > 0 {
        warn("\(report.skippedCount(.pdftotextMissing)) PDF file(s) skipped: pdftotext is not installed (Debian: poppler-utils)")
    }
    guard kind != .bm25 else { return (session, report, nil) }
    let vectors = try session.updateVectors(progress: progressLine.shown ? { progress in
        progressLine.show(String(format: "encoding passages %d/%d ", progress.done, progress.total))
    } : nil, isCancelled: Interruption.isRequested)
    progressLine.clear()
    if vectors?.cancelled == true, let signal = Interruption.receivedSignal { throw CLIError.interrupted(signal: signal) }
    return (session, report, vectors)
}
