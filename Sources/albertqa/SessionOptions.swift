import Albert
import Answering
import Documents
import Foundation
import Retrieval

let retrieverOption = CommandSpec.Option(
    name: "--retriever", value: "R",
    help: "bm25, dense (sentence-encoder cosine) or hybrid (both, fused by reciprocal rank; the default)")

/// `--retriever bm25|dense|hybrid` (default hybrid: measured best, see README). Without the
/// flag and without the encoder model, BM25 with a notice instead of a failure.
func retrieverKind(_ arguments: ParsedArguments) throws -> RetrieverKind {
    guard let name = arguments.string("--retriever") else {
        if encoderDirectory(arguments) == nil {
            warn("the sentence encoder Models/\(SentenceEncoder.defaultModelName) is missing: retrieving with BM25 alone")
            return .bm25
        }
        return .hybrid
    }
    guard let kind = RetrieverKind(rawValue: name) else {
        throw UsageError(message: "--retriever must be bm25, dense or hybrid, not '\(name)'")
    }
    return kind
}

func encoderDirectory(_ arguments: ParsedArguments) -> URL? {
    arguments.string("--encoder").map { URL(fileURLWithPath: $0) } ?? SentenceEncoder.defaultModelDirectory()
}

let encoderOption = CommandSpec.Option(
    name: "--encoder", value: "DIR", help: "sentence-transformers model for dense retrieval (default: Models/\(SentenceEncoder.defaultModelName))")

/// The sentence encoder dense retrieval needs, when the retriever asks for one (`--encoder DIR`,
/// `$ALBERTQA_ENCODER`, or the shipped model), in the `--precision` asked for.
func loadEncoder(for kind: RetrieverKind, _ arguments: ParsedArguments) throws -> (any PassageEncoder)? {
    guard kind != .bm25 else { return nil }
    guard let directory = encoderDirectory(arguments) else {
        throw CommandFailure(message: "--retriever \(kind.rawValue) needs the sentence encoder Models/\(SentenceEncoder.defaultModelName); pass --encoder DIR or set ALBERTQA_ENCODER")
    }
    return SentenceEncoderAdapter(try SentenceEncoder(modelDirectory: directory, precision: try precision(arguments)))
}

let columnWeightsOption = CommandSpec.Option(
    name: "--column-weights", value: "T,S,X",
    help: "BM25 weights of the title, section and text columns (default \(ColumnWeights.default.title),\(ColumnWeights.default.section),\(ColumnWeights.default.text); 0,0,1 ranks by the text alone)")
let fusionDepthOption = CommandSpec.Option(name: "--fusion-depth", value: "N", help: "hybrid: passages each retriever contributes before fusion (default 30)")

let fusionOptions = [
    CommandSpec.Option(name: "--fusion-k", value: "K", help: "hybrid: reciprocal-rank fusion constant (default 60)"),
    CommandSpec.Option(name: "--dense-weight", value: "W", help: "hybrid: weight of the dense list in the fusion (default 1)"),
]

func fusionSettings(_ arguments: ParsedArguments) throws -> (depth: Int, k: Double, denseWeight: Double) {
    (try arguments.int("--fusion-depth", default: 30, range: 1...1000), try arguments.double("--fusion-k", default: 60),
     try arguments.double("--dense-weight", default: 1))
}

func columnWeights(_ arguments: ParsedArguments) throws -> ColumnWeights {
    guard let text = arguments.string("--column-weights") else { return .default }
    guard let weights = ColumnWeights(parsing: text) else { throw UsageError(message: "--column-weights must be three numbers ≥ 0 like 2,1,1, not '\(text)'") }
    return weights
}

func chunkingOptions(_ arguments: ParsedArguments) throws -> ChunkingOptions {
    ChunkingOptions(maxWords: try arguments.int("--passage-words", default: 220, range: 10...5000),
                    overlapSentences: try arguments.int("--overlap", default: 1, range: 0...10))
}

/// Opens the folder's session and brings its index (and, for dense retrieval, its vectors) up
/// to date, with progress on a terminal's stderr. When another process is writing the index,
/// `index` waits for it; the commands that only read (`whenBusy: .useAsIs`) use the index as it
/// stands, with a notice.
func openSession(
    _ folder: String, _ arguments: ParsedArguments, reader: AlbertReader? = nil, options: AnsweringOptions = .init(), quiet: Bool = false,
    whenBusy: PassageIndex.WhenBusy = .useAsIs
) throws -> (AnsweringSession, IndexReport, VectorReport?) {
    let kind = try retrieverKind(arguments)
    var configuration = AnsweringSession.Configuration(
        folder: URL(fileURLWithPath: folder), databaseURL: arguments.string("--index").map { URL(fileURLWithPath: $0) },
        chunking: try chunkingOptions(arguments), retriever: kind)
    configuration.columnWeights = try columnWeights(arguments)
    configuration.maxFileBytes = try arguments.int("--max-file-mb", default: DocumentLoader.defaultMaxFileBytes >> 20, range: 1...1 << 20) << 20
    (configuration.fusionDepth, configuration.fusionK, configuration.denseWeight) = try fusionSettings(arguments)
    let session = try AnsweringSession(configuration, reader: reader, encoder: try loadEncoder(for: kind, arguments), options: options)
    let index = session.index
    if let notice = index.rebuiltBecause { warn(notice) }
    index.onWaitingForAnotherWriter = { warn("waiting for another albertqa that is writing \(index.databaseURL.path)") }
    let showProgress = isatty(STDERR_FILENO) == 1 && !quiet
    let report = try session.updateIndex(progress: showProgress ? { progress in
        guard progress.filesDone % 20 == 0 || progress.filesDone == progress.filesTotal else { return }
        FileHandle.standardError.write(Data(String(format: "\rindexing %d/%d files, %.1f MB/s ",
                                                   progress.filesDone, progress.filesTotal, progress.megabytesPerSecond).utf8))
    } : nil, whenBusy: whenBusy)
    if report.leftToAnotherWriter { warn("another albertqa is writing \(index.databaseURL.path): searching the index as it stands") }
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    if DocumentLoader.pdftotextPath == nil, report.skippedCount(.pdftotextMissing) > 0 {
        warn("\(report.skippedCount(.pdftotextMissing)) PDF file(s) skipped: pdftotext is not installed (Debian: poppler-utils)")
    }
    var vectors: VectorReport?
    if kind != .bm25 {
        vectors = try session.updateVectors(progress: showProgress ? { progress in
            FileHandle.standardError.write(Data(String(format: "\rencoding passages %d/%d ", progress.done, progress.total).utf8))
        } : nil)
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
    return (session, report, vectors)
}
