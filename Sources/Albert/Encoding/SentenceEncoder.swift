import Dispatch
import Foundation
import Synchronization

/// Sentence embeddings as sentence-transformers computes them for all-MiniLM-L6-v2, on our
/// own engine: WordPiece tokens → BERT (run as `AlbertModel`) → mean of the last hidden
/// states over the tokens → L2 normalisation. Cosine similarity of two vectors is their dot
/// product.
///
/// ```swift
/// let encoder = try SentenceEncoder(modelDirectory: SentenceEncoder.defaultModelDirectory()!, precision: .int8)
/// let passages = try encoder.encode(["The Rhine is 1,230 km long.", "…"])  // [[Float]], each `dimension` long
/// let query = try encoder.encode("How long is the Rhine?")                  // [Float]
/// ```
///
/// - Inputs longer than `maxSequenceLength` word pieces ([CLS] and [SEP] included; 256 for
///   all-MiniLM-L6-v2, from `sentence_bert_config.json`) are truncated, as in training.
/// - `encode([String])` spreads the texts over the cores, one text per core at a time on its
///   own preallocated workspace (as the reader does: no synchronisation inside a pass; on the
///   shared 2-core machine, under load, int8 measured 7.9–8.9 passages/s this way against
///   7.4–9.6 splitting each text over both cores: no difference to choose by); one text (a
///   query) is split over all cores. Workspaces are reused across calls; concurrent calls are safe
///   (they take turns on the workspaces). For a whole index, call it with chunks of a few
///   dozen passages: progress and cancellation between chunks, memory bounded by the chunk
///   (a chunk of many more texts than cores keeps every core busy to its end).
/// - The model directory holds `config.json` (model_type bert or albert), the weights
///   (`model.safetensors`, sharded safetensors or `pytorch_model.bin`: `CheckpointTensors`),
///   `vocab.txt`, and optionally `tokenizer_config.json`, `sentence_bert_config.json`,
///   `modules.json` and `1_Pooling/config.json`, which are checked to describe mean pooling.
public final class SentenceEncoder: Sendable {
    public static let defaultModelName = "all-minilm-l6-v2"

    public let model: AlbertModel
    public let tokenizer: WordPieceTokenizer
    public let directory: URL
    /// Word pieces per text, [CLS] and [SEP] included; longer texts are truncated.
    public let maxSequenceLength: Int
    /// Whether vectors are L2-normalised (sentence-transformers' Normalize module).
    public let normalizes: Bool
    /// The length of every vector.
    public var dimension: Int { model.config.hiddenSize }
    /// The precision the model actually runs in (fp32 where the CPU lacks the one asked for).
    public var precision: Precision { model.precision }
    /// How many texts a batch encodes at once (one per core).
    public var threads: Int { batchWorkspaces.count }

    /// One single-threaded workspace per core, for batches.
    private let batchWorkspaces: [WorkspaceSlot]
    /// One workspace that splits a text over every core, for a single text.
    private let singleWorkspace: WorkspaceSlot

    /// Loads a sentence-transformers model directory. `threads` nil uses every core; `kernels`
    /// nil takes `$ALBERTQA_KERNELS`, else the fastest this CPU runs (see `KernelTable`).
    public init(modelDirectory directory: URL, precision: Precision = .fp32, kernels: KernelTable? = nil, threads: Int? = nil) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AlbertError.file(directory, .noEncoderDirectory)
        }
        self.directory = directory
        let settings = try EncoderSettings(directory: directory)
        tokenizer = try Self.tokenizer(directory: directory, settings: settings)
        let model = try AlbertModel(directory: directory, precision: precision, kernels: kernels)
        self.model = model
        guard tokenizer.vocabulary.count <= model.config.vocabSize,
              tokenizer.vocabulary.values.allSatisfy({ Int($0) < model.config.vocabSize })
        else {
            throw AlbertError.file(directory.appendingPathComponent("vocab.txt"),
                                   .moreTokensThanModel(tokens: tokenizer.vocabulary.count, vocabularySize: model.config.vocabSize))
        }
        if let width = settings.poolingDimension, width != model.config.hiddenSize {
            throw AlbertError.file(directory.appendingPathComponent("1_Pooling/config.json"),
                                   .poolingWidth(width, hiddenSize: model.config.hiddenSize))
        }
        maxSequenceLength = min(settings.maxSequenceLength ?? 512, model.config.maxSequenceLength)
        normalizes = settings.normalizes
        let cores = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, 16))
        let capacity = maxSequenceLength
        batchWorkspaces = (0..<cores).map { _ in WorkspaceSlot(model.makeWorkspace(capacity: capacity, threads: 1)) }
        singleWorkspace = WorkspaceSlot(model.makeWorkspace(capacity: capacity, threads: cores))
    }

    /// The tokenizer of a model directory (`vocab.txt` with `tokenizer_config.json`'s settings).
    public static func loadTokenizer(modelDirectory directory: URL) throws -> WordPieceTokenizer {
        try tokenizer(directory: directory, settings: EncoderSettings(directory: directory))
    }

    private static func tokenizer(directory: URL, settings: EncoderSettings) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(
            vocabularyURL: directory.appendingPathComponent("vocab.txt"), lowercase: settings.lowercase,
            stripAccents: settings.stripAccents, tokenizeChineseCharacters: settings.tokenizeChineseCharacters
        )
    }

    /// The shipped encoder: `$ALBERTQA_ENCODER`, else `Models/all-minilm-l6-v2` (see `ModelLocation`).
    public static func defaultModelDirectory() -> URL? {
        ModelLocation.shipped(named: defaultModelName, environmentVariable: "ALBERTQA_ENCODER")
    }

    /// The vector of one text (a query): the work split over every core.
    public func encode(_ text: String) throws -> [Float] {
        let ids = tokenizer.encode(text, maxLength: maxSequenceLength)
        return try singleWorkspace.withLock { try embed(ids, workspace: $0) }
    }

    /// The vectors of many texts (passages), in order: texts spread over the cores.
    public func encode(_ texts: [String]) throws -> [[Float]] {
        if texts.count <= 1 { return try texts.map { try encode($0) } }
        // Each text's vector goes to its own slot, written by exactly one worker (the index
        // comes from an atomic counter), and concurrentPerform returns only after every worker
        // has finished. (A Mutex around the whole array, captured by the workers, was reported
        // by ThreadSanitizer as a Swift access race on the Mutex variable itself.)
        let slots = UnsafeMutableBufferPointer<[Float]>.allocate(capacity: texts.count)
        slots.initialize(repeating: [])
        defer { slots.deinitialize().deallocate() }
        nonisolated(unsafe) let results = slots
        let batch = BatchProgress()
        let workers = min(batchWorkspaces.count, texts.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            batchWorkspaces[worker].withLock { workspace in
                while true {
                    let index = batch.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < texts.count, !batch.failed.load(ordering: .acquiring) else { return }
                    do {
                        let ids = tokenizer.encode(texts[index], maxLength: maxSequenceLength)
                        results[index] = try embed(ids, workspace: workspace)
                    } catch {
                        batch.record(error)
                    }
                }
            }
        }
        if let error = batch.firstError { throw error }
        return Array(results)
    }

    /// Mean pooling over the tokens (no padding: every token is attended to), then L2
    /// normalisation with torch's `F.normalize` floor of 1e-12 on the norm.
    private func embed(_ ids: [Int32], workspace: AlbertWorkspace) throws -> [Float] {
        let types = [Int32](repeating: 0, count: ids.count)
        let length = try model.run(inputIds: ids, tokenTypeIds: types, workspace: workspace)
        let width = dimension
        var sum = [Double](repeating: 0, count: width)
        let hidden = workspace.hidden
        for row in 0..<length {
            let values = hidden + row * width
            for column in 0..<width { sum[column] += Double(values[column]) }
        }
        let mean = sum.map { $0 / Double(length) }
        guard normalizes else { return mean.map { Float($0) } }
        let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
        return mean.map { Float($0 / norm) }
    }
}

/// What a batch's workers share: the next text to take and the first error. A class, so the
/// workers share it by reference (its atomics and mutex captured as locals were reported by
/// ThreadSanitizer as access races on the variables themselves).
private final class BatchProgress: Sendable {
    let next = Atomic<Int>(0)
    let failed = Atomic<Bool>(false)
    private let error = Mutex<Error?>(nil)

    func record(_ error: Error) {
        self.error.withLock { $0 = $0 ?? error }
        failed.store(true, ordering: .releasing)
    }

    var firstError: Error? { error.withLock { $0 } }
}

/// A workspace that one thread at a time may use.
private final class WorkspaceSlot: Sendable {
    private let workspace: Mutex<AlbertWorkspace>

    init(_ workspace: sending AlbertWorkspace) { self.workspace = Mutex(workspace) }

    func withLock<T: Sendable>(_ body: (AlbertWorkspace) throws -> T) throws -> T {
        try workspace.withLock { try body($0) }
    }

    func withLock(_ body: (AlbertWorkspace) -> Void) {
        workspace.withLock { body($0) }
    }
}

/// What the sentence-transformers files of a model directory say about tokenising and pooling.
struct EncoderSettings {
    var lowercase = true
    var stripAccents: Bool?
    var tokenizeChineseCharacters = true
    var maxSequenceLength: Int?
    var poolingDimension: Int?
    var normalizes = true

    init(directory: URL) throws {
        let tokenizerURL = directory.appendingPathComponent("tokenizer_config.json")
        if let json = try Self.jsonObject(tokenizerURL, what: "the tokenizer configuration") {
            lowercase = json["do_lower_case"] as? Bool ?? true
            stripAccents = json["strip_accents"] as? Bool
            tokenizeChineseCharacters = json["tokenize_chinese_chars"] as? Bool ?? true
        }
        let sentenceURL = directory.appendingPathComponent("sentence_bert_config.json")
        if let json = try Self.jsonObject(sentenceURL, what: "the sentence-transformers configuration"),
           let value = json["max_seq_length"] {
            guard let number = value as? NSNumber, number.intValue >= 2, Double(number.intValue) == number.doubleValue else {
                throw AlbertError.file(sentenceURL, .notIntegerOfAtLeast(key: "max_seq_length", minimum: 2))
            }
            maxSequenceLength = number.intValue
        }
        let poolingURL = directory.appendingPathComponent("1_Pooling/config.json")
        if let json = try Self.jsonObject(poolingURL, what: "the pooling configuration") {
            let modes = json.filter { $0.key.hasPrefix("pooling_mode_") && ($0.value as? Bool) == true }.map(\.key)
            guard modes == ["pooling_mode_mean_tokens"] else {
                throw AlbertError.file(poolingURL, .unsupportedPooling(modes: modes.sorted()))
            }
            poolingDimension = (json["word_embedding_dimension"] as? NSNumber)?.intValue
        }
        let modulesURL = directory.appendingPathComponent("modules.json")
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            let data = try ModelFile.read(modulesURL, what: "the module list", limit: 1 << 20)
            guard let modules = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else {
                throw AlbertError.file(modulesURL, .notModuleList)
            }
            let types = modules.compactMap { $0["type"] as? String }
            normalizes = types.contains { $0.hasSuffix(".Normalize") }
            if let other = types.first(where: { !["Transformer", "Pooling", "Normalize"].contains($0.components(separatedBy: ".").last ?? "") }) {
                throw AlbertError.file(modulesURL, .unsupportedModule(other))
            }
        }
    }

    /// A JSON object file of at most 1 MB (a regular file), or nil when there is none.
    private static func jsonObject(_ url: URL, what: String) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try ModelFile.read(url, what: what, limit: 1 << 20)
        guard let object = try? JSONSerialization.jsonObject(with: data), let json = object as? [String: Any] else {
            throw AlbertError.file(url, .notJSONObject)
        }
        return json
    }
}
