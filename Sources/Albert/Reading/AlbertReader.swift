import Documents
import Foundation
import Synchronization

/// One answer span found by the reader.
public struct ReaderAnswer: Sendable, Equatable {
    /// The exact substring of the context.
    public var text: String
    /// start logit + end logit.
    public var score: Float
    /// Unicode-scalar offsets into the context (end exclusive), i.e. Python string indices.
    public var range: Range<Int>
}

/// What the reader makes of one question/context pair.
public struct ReaderResult: Sendable, Equatable {
    /// Best first, one per distinct text.
    public var answers: [ReaderAnswer]
    /// The lowest [CLS] score over the context's windows (BERT's SQuAD 2.0 null score).
    public var nullScore: Float
    /// How many windows the context needed.
    public var windowCount: Int
}

/// The ALBERT span-extraction reader: tokenizer, model, features and span decoding together.
/// Safe to share across threads; pass each thread its own workspace to read in parallel.
public final class AlbertReader: Sendable {
    public static let defaultModelName = "albert-qa-minilm-squad"

    public let model: AlbertForQuestionAnswering
    /// The model's tokenizer, whatever its family (`loadTokenizer`).
    public let tokenizer: any ReaderTokenizer
    public let directory: URL
    public let featureOptions: FeatureOptions
    public let decoder: SpanDecoder
    /// The model directory's own "no answer" threshold (`nullThresholdSources`): a SQuAD 2.0
    /// reader finds no answer when null score − best span score exceeds it. nil: none given
    /// (callers use 0, HF's default, unless told otherwise by `--null-threshold`).
    public let nullScoreDiffThreshold: Float?
    /// Answers start and end at word boundaries and lose surrounding punctuation (default);
    /// false gives BERT's unconstrained decoding, as transformers does.
    public let wholeWords: Bool
    /// The workspace of callers that do not bring their own, one read at a time.
    private let sharedWorkspace: Mutex<AlbertWorkspace>

    /// Loads `config.json`, the weights (`CheckpointTensors(directory:)`: `model.safetensors`,
    /// sharded safetensors or `pytorch_model.bin`) and the tokenizer (`loadTokenizer`) from a HF
    /// model directory of any `ModelType`.
    /// `precision`: see `Precision`; the reader falls back to fp32 where the kernels can't run
    /// it here. `kernels`: see `KernelTable`; nil takes `$ALBERTQA_KERNELS`, else the fastest.
    public init(directory: URL, precision: Precision = .fp32, kernels: KernelTable? = nil,
                featureOptions: FeatureOptions = .init(), decoder: SpanDecoder = .init(), wholeWords: Bool = true) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AlbertError.file(directory, .noModelDirectory)
        }
        self.directory = directory
        model = try AlbertForQuestionAnswering(directory: directory, precision: precision, kernels: kernels)
        // The one place a model directory's tokenizer is chosen (tokenizer.json, spiece.model, vocab.txt).
        let tokenizer = try ReaderTokenizers.load(directory: directory)
        let tokenizerURL = ReaderTokenizers.file(in: directory) ?? directory
        guard tokenizer.vocabularySize <= model.config.vocabSize else {
            throw AlbertError.file(tokenizerURL, .morePiecesThanModel(pieces: tokenizer.vocabularySize, vocabularySize: model.config.vocabSize))
        }
        self.tokenizer = tokenizer
        nullScoreDiffThreshold = try Self.nullScoreDiffThreshold(in: directory)
        var options = featureOptions
        options.maxSequenceLength = min(options.maxSequenceLength, model.config.maxSequenceLength)
        self.featureOptions = options
        self.decoder = decoder
        self.wholeWords = wholeWords
        sharedWorkspace = Mutex(model.makeWorkspace(capacity: options.maxSequenceLength))
    }

    /// The default model: `$ALBERTQA_MODEL`, else the shipped `Models/albert-qa-minilm-squad`
    /// wherever `ModelLocation` finds it (installed or in a build tree).
    public static func defaultModelDirectory() -> URL? {
        ModelLocation.shipped(named: defaultModelName, environmentVariable: "ALBERTQA_MODEL")
    }

    public func makeWorkspace() -> AlbertWorkspace { model.makeWorkspace(capacity: featureOptions.maxSequenceLength) }

    /// Reads `context` for `question`; returns up to `topK` distinct answers. A long context
    /// is read window by window: `progress(done, windowCount)` follows it, and `isCancelled`,
    /// checked before each window, stops it with `CancellationError`.
    public func read(
        question: String, context: String, topK: Int = 20, workspace: AlbertWorkspace? = nil,
        progress: ((_ windowsDone: Int, _ windowCount: Int) -> Void)? = nil, isCancelled: () -> Bool = { false }
    ) throws -> ReaderResult {
        try read(question: tokenizer.tokenize(question), context: context, contextTokens: tokenizer.tokenize(context),
                 topK: topK, workspace: workspace, progress: progress, isCancelled: isCancelled)
    }

    /// Reads an already tokenised pair (lets a caller tokenise the question once for many passages).
    /// `units`: ranges of the context (table rows) that a span may not cross (`SpanDecoder`).
    public func read(
        question: TokenizedText, context: String, contextTokens: TokenizedText, topK: Int = 20,
        workspace: AlbertWorkspace? = nil, units: [Range<Int>] = [],
        progress: ((_ windowsDone: Int, _ windowCount: Int) -> Void)? = nil, isCancelled: () -> Bool = { false }
    ) throws -> ReaderResult {
        guard !contextTokens.ids.isEmpty else { return ReaderResult(answers: [], nullScore: 0, windowCount: 0) }
        let features = QAFeatureBuilder.features(
            question: question.ids, context: contextTokens.ids, layout: tokenizer.pairLayout, options: featureOptions
        )
        // Spans start and end at whole words, shown without the punctuation around them.
        let words = wholeWords ? WordBoundaries(context) : nil
        let allowed = words?.allowedStartsAndEnds(contextTokens.ranges)
        let tokenUnits = units.isEmpty ? nil : SpanDecoder.units(ofTokens: contextTokens.ranges, boundaries: units.flatMap { [$0.lowerBound, $0.upperBound] })
        var candidates: [SpanCandidate] = []
        var nullScore = Float.infinity
        progress?(0, features.count)
        for (done, feature) in features.enumerated() {
            if isCancelled() { throw CancellationError() }
            let logits = try runModel(feature, workspace: workspace)
            // Finite weights can still overflow (weights near Float's limit); a NaN or ∞ score
            // must never reach a ranking, a percentage or JSON.
            guard logits.start.allSatisfy(\.isFinite), logits.end.allSatisfy(\.isFinite),
                  SpanDecoder.nullScore(logits).isFinite else {
                throw AlbertError.file(directory, .scoresNotFinite)
            }
            nullScore = min(nullScore, SpanDecoder.nullScore(logits))
            candidates += decoder.candidates(feature: feature, logits: logits, wordBoundaries: allowed, units: tokenUnits)
            // A multi-megabyte context has thousands of windows of up to nBest² candidates
            // each: keep the best ones only (far more than `topK` distinct texts need).
            let keep = max(2_000, 50 * topK)
            if candidates.count > max(20_000, 2 * keep) {
                candidates.sort { $0.score > $1.score }
                candidates.removeLast(candidates.count - keep)
            }
            progress?(done + 1, features.count)
        }
        candidates.sort { $0.score > $1.score }
        let text = ScalarText(context)
        var answers: [ReaderAnswer] = []
        var seen = Set<String>()
        for candidate in candidates where answers.count < topK {
            var range = contextTokens.ranges[candidate.startToken].lowerBound..<contextTokens.ranges[candidate.endToken].upperBound
            if let words {
                guard let trimmed = words.trimmed(range) else { continue }
                range = trimmed
            }
            guard !range.isEmpty else { continue }
            let answer = text[range]
            guard seen.insert(answer).inserted else { continue }
            answers.append(ReaderAnswer(text: answer, score: candidate.score, range: range))
        }
        return ReaderResult(answers: answers, nullScore: nullScore, windowCount: features.count)
    }

    /// The model's logits for one feature.
    public func runModel(_ feature: QAFeature, workspace: AlbertWorkspace? = nil) throws -> SpanLogits {
        if let workspace {
            return try model.forward(inputIds: feature.inputIds, tokenTypeIds: feature.tokenTypeIds, workspace: workspace)
        }
        return try sharedWorkspace.withLock { workspace in
            try model.forward(inputIds: feature.inputIds, tokenTypeIds: feature.tokenTypeIds, workspace: workspace)
        }
    }
}
