import Albert
import Answering
import Documents
import Foundation
import Retrieval

let retrieverOption = OptionSpec.choice(
    "--retriever", RetrieverKind.allCases.map(\.rawValue),
    help: "bm25, dense (sentence-encoder cosine) or hybrid (both, fused by reciprocal rank; the default when the passage vectors exist)")
let columnWeightsOption = OptionSpec.text(
    "--column-weights", "T,S,X",
    help: "BM25 weights of the title, section and text columns (default \(ColumnWeights.default.title),\(ColumnWeights.default.section),\(ColumnWeights.default.text); 0,0,1 ranks by the text alone)")
let fusionDepthOption = OptionSpec.integer("--fusion-depth", "N", in: 1...1000, default: 30,
                                           help: "hybrid: passages each retriever contributes before fusion")
let fusionOptions = [
    OptionSpec.number("--fusion-k", "K", in: 1...100_000, default: 60, help: "hybrid: reciprocal-rank fusion constant"),
    OptionSpec.number("--dense-weight", "W", in: 0...100, default: 1, help: "hybrid: weight of the dense list in the fusion"),
]

/// Without `--retriever`, `ask` and `search` encode at most this many missing passage vectors
/// before answering (a few seconds); a folder with more answers with BM25 alone and says how
/// to compute them (`albertqa index`, which always does), so a first question never waits
/// minutes on a 2-core machine (Documents/: 2,088 passages ≈ 1.5–3 min of encoding).
let vectorsEncodedBeforeAnswering = 256

/// `--retriever bm25|dense|hybrid`; nil when not given (the command picks hybrid when it can).
func requestedRetriever(_ arguments: ParsedArguments) -> RetrieverKind? {
    arguments.string(retrieverOption).flatMap(RetrieverKind.init(rawValue:))
}

/// The retriever a command runs: the one asked for, else hybrid (measured best, see README),
/// or BM25 alone, with a notice, when the sentence encoder model is missing.
func retrieverKind(_ arguments: ParsedArguments) -> RetrieverKind {
    if let kind = requestedRetriever(arguments) { return kind }
    if encoderDirectory(arguments) == nil {
        warn("the sentence encoder \(SentenceEncoder.defaultModelName) is missing: retrieving with BM25 alone")
        return .bm25
    }
    return .hybrid
}

/// The sentence encoder dense retrieval needs (`--encoder DIR`, `$ALBERTQA_ENCODER`, or the
/// shipped model) in the `--precision` asked for; nil for BM25.
func loadEncoder(for kind: RetrieverKind, _ arguments: ParsedArguments) throws -> (any PassageEncoder)? {
    guard kind != .bm25 else { return nil }
    return SentenceEncoderAdapter(try loadEncoder(arguments, precision: precision(arguments)))
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
/// `encodeAll`: encode every missing passage vector (the `index` command, or a retriever
/// asked for by name); otherwise at most `vectorsEncodedBeforeAnswering`, else BM25 alone.
func openSession(
    _ folder: String, _ arguments: ParsedArguments, reader: AlbertReader? = nil, options: AnsweringOptions = .init(), quiet: Bool = false,
    whenBusy: PassageIndex.WhenBusy = .useAsIs, encodeAll: Bool = false, retriever forced: RetrieverKind? = nil
) throws -> (AnsweringSession, IndexReport, VectorReport?) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw CLIError.noSuchFolder(folder) }
    guard isDirectory.boolValue else { throw CLIError.failure("\(folder): not a folder (name the folder that holds the documents)") }
    let folderURL = URL(fileURLWithPath: folder)
    var kind = forced ?? retrieverKind(arguments)
    // nil: the default place, whose folder the index creates (a path given is never given folders).
    let givenURL = arguments.string(indexOption).map { URL(fileURLWithPath: $0) }
    FailureCleanup.removeIfCreated(givenURL ?? IndexLocation.defaultURL(for: folderURL))
    var configuration = AnsweringSession.Configuration(folder: folderURL, databaseURL: givenURL, chunking: chunkingOptions(arguments), retriever: kind)
    configuration.columnWeights = try columnWeights(arguments)
    configuration.maxFileBytes = arguments.int(maxFileOption) << 20
    (configuration.fusionDepth, configuration.fusionK, configuration.denseWeight) = fusionSettings(arguments)
    var session = try AnsweringSession(configuration, reader: reader, encoder: try loadEncoder(for: kind, arguments), options: options)
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
    let missing = report.passages - ((try? index.vectorCount()) ?? 0)
    if !encodeAll, forced == nil, requestedRetriever(arguments) == nil, missing > vectorsEncodedBeforeAnswering, !report.leftToAnotherWriter {
        warn("\(missing) passages have no vector yet: using BM25 alone (`albertqa index \(folder)` computes them for hybrid retrieval)")
        kind = .bm25
        configuration.retriever = .bm25
        session = try AnsweringSession(configuration, reader: reader, encoder: nil, options: options)
        return (session, report, nil)
    }
    let vectors = try session.updateVectors(progress: progressLine.shown ? { progress in
        progressLine.show(String(format: "encoding passages %d/%d ", progress.done, progress.total))
    } : nil, isCancelled: Interruption.isRequested)
    progressLine.clear()
    if vectors?.cancelled == true, let signal = Interruption.receivedSignal { throw CLIError.interrupted(signal: signal) }
    return (session, report, vectors)
}
