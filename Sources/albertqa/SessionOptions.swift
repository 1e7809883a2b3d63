import Albert
import Answering
import Documents
import Foundation
import Retrieval

let retrieverOption = Option<RetrieverKind>("--retriever", help:
    RetrieverKind.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")
        + "; " + RetrieverKind.allCases.filter(\.needsVectors).map(\.rawValue).joined(separator: " and ") + " encode the passages first")
    .manual("ask and search never wait for the encoding and say so on standard error; index computes the vectors, incrementally, and Ctrl-C keeps those done; index --retriever bm25 computes none")
let columnWeightsOption = Option<String>("--column-weights", "T,S,X", help:
    "BM25 weights of the title, section and text columns (default \(ColumnWeights.default.title),\(ColumnWeights.default.section),\(ColumnWeights.default.text); 0,0,1 ranks by the text alone)")
let fusionDepthOption = Option<Int>("--fusion-depth", "N", in: 1...1000, help: "hybrid: passages each retriever contributes before fusion")
    .default(HybridSettings.default.depth)
let fusionKOption = Option<Double>("--fusion-k", "K", in: 1...100_000, help: "hybrid: reciprocal-rank fusion constant").default(HybridSettings.default.k)
let denseWeightOption = Option<Double>("--dense-weight", "W", in: 0...100,
                                       help: "hybrid: weight of the dense list against BM25's 1 in the fusion (1 with --fusion rrf)")
    .default(HybridSettings.default.denseWeight)
let fusionMethodOption = Option<FusionMethod>("--fusion", help:
    "hybrid: rrf (reciprocal ranks) or convex (normalised scores) (default \(HybridSettings.default.method.rawValue))")
let bm25PlacesOption = Option<String>("--bm25-places", "P,P,…", help:
    "hybrid: places of the result (from 1) that BM25's best passages take before the fusion fills the others (default \(HybridSettings.default.lexicalPlaces.isEmpty ? "none" : HybridSettings.default.lexicalPlaces.map(String.init).joined(separator: ",")); none: the fusion alone)")
    .manual("Within one document (a scope of at most \(HybridSettings.default.smallScopePassages) passages) the default is BM25's best at \(HybridSettings.default.smallScope.lexicalPlaces.map(String.init).joined(separator: ",")) and dense weight \(Int(HybridSettings.default.smallScope.denseWeight)), with each passage's best sentence (the question's rarer words together in one sentence) at weight \(Int(HybridSettings.default.smallScope.sentenceWeight)); --bm25-places, --dense-weight or --fusion given apply there too")
/// The hybrid retriever's fusion, in the order help lists them.
let fusionOptions: [any OptionDeclaration] = [fusionKOption, denseWeightOption, fusionMethodOption, bm25PlacesOption]
let vectorWindowOption = Option<String>("--vector-window", "W[,S]", help:
    "passage vectors: windows of W words every S words (default \(VectorWindows.default.words),\(VectorWindows.default.stride); 0: one vector per passage; a change re-encodes)")
    .manual("A passage scores its best window")

/// `--in PATTERN` (repeatable): ask within the documents the patterns name.
let scopeOption = RepeatedOption<String>("--in", "PATTERN", help:
    "only these documents: a path, a folder/ or a glob relative to DIR ('papers/2020-*.pdf')", completion: .folderPaths)
    .manual("Retrieval (BM25, vectors and their fusion) ranks only the passages of the documents named; a pattern that names no indexed document is an error (exit 1)")

/// `--after "PREVIOUS QUESTION"`: ask as a follow-up of another question (the interface's
/// follow-ups, for scripts).
let afterOption = Option<String>("--after", "QUESTION", help:
    "ask as a follow-up of this question: when QUESTION leans on context (it, this, the study, …), the previous answer's document and words weigh in")
    .manual("The previous question is answered first; a question that names its own subject is asked afresh (the interface's rule, README \"Follow-up questions\")")

/// The scope `--in` gives (the whole folder without it).
func questionScope(_ arguments: ParsedArguments) -> QuestionScope {
    QuestionScope(arguments[scopeOption])
}

/// `--retriever auto|bm25|dense|hybrid`; auto when not given: hybrid once every passage has
/// its vector (`albertqa index` computes them), BM25 until then, so that a first question is
/// answered at once (README, "Retrieval").
func retrieverKind(_ arguments: ParsedArguments) -> RetrieverKind {
    arguments[retrieverOption] ?? .auto
}

/// The sentence encoder dense retrieval needs (`--encoder DIR`, `$ALBERTQA_ENCODER`, or the
/// shipped model) in the `--precision` asked for; nil for BM25. For auto, an encoder that
/// cannot be found or loaded means BM25 (with a note), not a failure; one named with
/// `--encoder` must load.
func loadEncoder(for kind: RetrieverKind, _ arguments: ParsedArguments) throws -> (any PassageEncoder)? {
    guard kind != .bm25 else { return nil }
    let kernels = try kernelTable(arguments)
    do {
        return SentenceEncoderAdapter(try loadEncoder(arguments, precision: precision(arguments, kernels: kernels), kernels: kernels))
    } catch where kind == .auto && arguments[encoderOption] == nil {
        warn("\(error): retrieving with BM25 alone")
        return nil
    }
}

/// The hybrid retriever's settings. Without `--dense-weight`, `--fusion rrf` weighs both lists 1
/// (its tuned weight: 2 loses 9 points of recall@10 on covidqa), convex 2 (HybridSettings).
func fusionSettings(_ arguments: ParsedArguments) throws -> (depth: Int, k: Double, denseWeight: Double, method: FusionMethod) {
    let method = arguments[fusionMethodOption] ?? HybridSettings.default.method
    let weight = arguments.isGiven(denseWeightOption) || method == HybridSettings.default.method ? arguments[denseWeightOption] : 1
    return (arguments[fusionDepthOption], arguments[fusionKOption], weight, method)
}

/// `--bm25-places 2,4,6` (places from 1, at most 100), or `none`.
func lexicalPlaces(_ arguments: ParsedArguments) throws -> [Int] {
    guard let text = arguments[bm25PlacesOption] else { return HybridSettings.default.lexicalPlaces }
    if text.trimmingCharacters(in: .whitespaces) == "none" { return [] }
    let places = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !places.isEmpty, places.allSatisfy({ $0.map { (1...100).contains($0) } ?? false }) else {
        throw CLIError.invalidValue(option: bm25PlacesOption.name, value: text, expected: "places from 1 to 100 separated by commas, or none")
    }
    return Array(Set(places.compactMap { $0 })).sorted()
}

func vectorWindows(_ arguments: ParsedArguments) throws -> VectorWindows {
    guard let text = arguments[vectorWindowOption] else { return .default }
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard (1...2).contains(parts.count), let words = parts[0], (0...5000).contains(words),
          parts.count == 1 || (parts[1].map { (1...max(1, words)).contains($0) } ?? false) else {
        throw CLIError.invalidVectorWindow(text)
    }
    return VectorWindows(words: words, stride: parts.count == 2 ? parts[1] : nil)
}

func columnWeights(_ arguments: ParsedArguments) throws -> ColumnWeights {
    guard let text = arguments[columnWeightsOption] else { return .default }
    guard let weights = ColumnWeights(parsing: text) else { throw CLIError.invalidColumnWeights(text) }
    return weights
}

func chunkingOptions(_ arguments: ParsedArguments) -> ChunkingOptions {
    ChunkingOptions(maxWords: arguments[passageWordsOption], overlapSentences: arguments[overlapOption])
}

extension SessionSettings {
    /// The session settings given by the command's flags and the configuration file: the one
    /// mapping of flags to settings, for `ask`, `search`, `index`, `eval --open`, `bench
    /// --search` and the interface. A flag the command does not declare gives its default.
    /// Answering options are the command's own (`--top` and `--passages` differ by command).
    init(_ arguments: ParsedArguments) throws {
        self.init(databaseURL: arguments[indexOption], chunking: chunkingOptions(arguments), retriever: retrieverKind(arguments))
        columnWeights = try albertqa.columnWeights(arguments)
        maxFileBytes = arguments[maxFileOption] << 20
        toolSeconds = arguments[toolSecondsOption]
        sourceCode = arguments[sourceCodeFlag]
        (fusion.depth, fusion.k, fusion.denseWeight, fusion.method) = try fusionSettings(arguments)
        fusion.lexicalPlaces = try lexicalPlaces(arguments)
        // A fusion named on the command line applies within a document too.
        if arguments.isGiven(denseWeightOption) || arguments.isGiven(fusionMethodOption) || arguments.isGiven(bm25PlacesOption) {
            fusion.smallScopePassages = 0
        }
        vectorWindows = try albertqa.vectorWindows(arguments)
    }
}

/// Opens the folder's session and brings its index (and, for dense retrieval, its vectors) up
/// to date, with progress on a terminal's stderr. The folder must exist (checked first, so a
/// typo never creates an index). An index this run created is removed again if the command
/// then fails (`FailureCleanup`). Ctrl-C stops after the batch being written. When another
/// process is writing the index, `index` waits for it; the commands that only read
/// (`whenBusy: .useAsIs`) use the index as it stands, with a notice.
/// For dense and hybrid retrieval (and auto when `encodeVectors`: the `index` command), the
/// passages without a vector are encoded first (with progress; only new or changed passages
/// after the first run; Ctrl-C keeps the batches done). Auto otherwise searches with BM25 until
/// the vectors are complete, with a one-line note.
/// The settings are `SessionSettings(arguments)` with the command's `answering` options;
/// `reader`: the session's reader, whose answerer follows the settings' calibration policy (a
/// broken calibration file stops the command before the index is touched).
func openSession(
    _ folder: String, _ arguments: ParsedArguments, answering: AnsweringOptions = .init(), reader: AlbertReader? = nil, quiet: Bool = false,
    whenBusy: PassageIndex.WhenBusy = .useAsIs, retriever forced: RetrieverKind? = nil, encodeVectors: Bool = false
) throws -> (AnsweringSession, IndexReport, VectorReport?) {
    let folderURL = try existingFolder(folder)
    var settings = try SessionSettings(arguments)
    settings.answering = answering
    if let forced { settings.retriever = forced }
    // nil: the default place, whose folder the index creates (a path given is never given folders).
    FailureCleanup.removeIfCreated(settings.databaseURL ?? IndexLocation.defaultURL(for: folderURL))
    // Auto, to answer now: the encoder (≈ 0.2 s of CPU to load) only once the vectors may be complete.
    let deferEncoder = settings.retriever == .auto && !encodeVectors
    let session = try AnsweringSession(folder: folderURL, settings: settings, reader: reader,
                                       encoder: deferEncoder ? nil : try loadEncoder(for: settings.retriever, arguments))
    let report = try updateIndex(session, quiet: quiet, whenBusy: whenBusy)
    if deferEncoder {
        try attachEncoderIfVectorsComplete(session, report, folder: folder, arguments)
        return (session, report, nil)
    }
    guard settings.retriever != .bm25, session.encoder != nil else { return (session, report, nil) }
    return (session, report, try updateVectors(session, quiet: quiet))
}

/// The folder named, which must exist and be a folder.
private func existingFolder(_ folder: String) throws -> URL {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw CLIError.noSuchFolder(folder) }
    guard isDirectory.boolValue else { throw CLIError.notAFolder(folder) }
    return URL(fileURLWithPath: folder)
}

/// Brings the session's passages up to date, with a progress line, the notices (rebuilt, another
/// writer) and one line per missing tool ("2 file(s) skipped: antiword is not installed (Debian: …)").
private func updateIndex(_ session: AnsweringSession, quiet: Bool, whenBusy: PassageIndex.WhenBusy) throws -> IndexReport {
    let index = session.index
    if let notice = index.rebuiltBecause { warn(notice) }
    index.onWaitingForAnotherWriter = { warn("waiting for another albertqa that is writing \(index.databaseURL.path)") }
    let progressLine = ProgressLine(shown: Console.standardError.isTerminal && !quiet)
    let report = try session.updateIndex(progress: progressLine.shown ? { progress in
        if let activity = progress.activity {
            progressLine.show(String(format: "indexing %d/%d files, ", progress.filesDone, progress.filesTotal) + activity)
            return
        }
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
    var missingTools: [String: Int] = [:]
    for skip in report.skipped where skip.reason == .toolMissing { missingTools[skip.detail ?? "a tool is not installed", default: 0] += 1 }
    for (detail, count) in missingTools.sorted(by: { $0.key < $1.key }) { warn("\(count) file(s) skipped: \(detail)") }
    return report
}

/// Auto without encoding: never make a question wait minutes for the passages to be encoded.
/// The encoder is loaded (and attached to the session, which then retrieves hybrid) only when
/// every passage has a stored vector; otherwise BM25 answers now, with a note.
private func attachEncoderIfVectorsComplete(_ session: AnsweringSession, _ report: IndexReport, folder: String,
                                            _ arguments: ParsedArguments) throws {
    func bm25Note(_ encoded: Int) {
        warn("retrieving with BM25: \(encoded) of \(report.passages) passages have vectors; `albertqa index \(folder)` computes them (then hybrid retrieval)")
    }
    guard report.passages > 0 else { return }
    let stored = try session.index.vectorCount()
    guard stored >= report.passages else { return bm25Note(stored) }
    // Every passage has a vector: of this encoder and cut this way?
    guard let encoder = try loadEncoder(for: .auto, arguments) else { return }
    session.attach(encoder: encoder)
    if !(try session.vectorsAreComplete()) { bm25Note(0) }
}

/// Encodes the passages without a vector, with a progress line (Ctrl-C keeps the batches done).
private func updateVectors(_ session: AnsweringSession, quiet: Bool) throws -> VectorReport? {
    let progressLine = ProgressLine(shown: Console.standardError.isTerminal && !quiet)
    let vectors = try session.updateVectors(progress: progressLine.shown ? { progress in
        progressLine.show(String(format: "encoding passages %d/%d ", progress.done, progress.total))
    } : nil, isCancelled: Interruption.isRequested)
    progressLine.clear()
    if vectors?.cancelled == true, let signal = Interruption.receivedSignal { throw CLIError.interrupted(signal: signal) }
    return vectors
}
