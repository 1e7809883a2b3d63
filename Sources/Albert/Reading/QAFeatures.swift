/// The limits of SQuAD-style features (BERT's run_squad defaults).
public struct FeatureOptions: Sendable, Equatable {
    public var maxSequenceLength = 384
    /// Windows over a long context start every `documentStride` tokens.
    public var documentStride = 128
    public var maxQueryLength = 64

    public init(maxSequenceLength: Int = 384, documentStride: Int = 128, maxQueryLength: Int = 64) {
        self.maxSequenceLength = maxSequenceLength
        self.documentStride = documentStride
        self.maxQueryLength = maxQueryLength
    }
}

/// One window of a question/context pair: `[CLS] question [SEP] context[window] [SEP]` (or the
/// model's own `PairLayout`: RoBERTa's `<s> question </s></s> context </s>`).
public struct QAFeature: Sendable, Equatable {
    public var inputIds: [Int32]
    public var tokenTypeIds: [Int32]
    /// Index in `inputIds` of the window's first context token.
    public var contextOffset: Int
    /// The window's range of context token indices.
    public var window: Range<Int>
    /// For each token of the window: is this the window where it has the most context?
    public var tokenIsMaxContext: [Bool]

    public init(inputIds: [Int32], tokenTypeIds: [Int32], contextOffset: Int, window: Range<Int>, tokenIsMaxContext: [Bool]) {
        self.inputIds = inputIds
        self.tokenTypeIds = tokenTypeIds
        self.contextOffset = contextOffset
        self.window = window
        self.tokenIsMaxContext = tokenIsMaxContext
    }

    /// The context token index of feature position `position`, if it is a context token.
    public func contextToken(at position: Int) -> Int? {
        let index = position - contextOffset
        return index >= 0 && index < window.count ? window.lowerBound + index : nil
    }
}

/// Builds features the way BERT's run_squad does: question truncated to `maxQueryLength`,
/// windows of at most `maxSequenceLength - |question| - 3` context tokens every
/// `documentStride` tokens, and the "max context" score min(left, right) + 0.01 · length.
/// The special tokens around the pair are the layout's (3 for BERT's, 4 for RoBERTa's).
public enum QAFeatureBuilder {
    /// BERT's layout: `[CLS] question [SEP] context [SEP]`, token types 0 then 1.
    public static func features(
        question: [Int32], context: [Int32], clsID: Int32, sepID: Int32, options: FeatureOptions = .init()
    ) -> [QAFeature] {
        features(question: question, context: context, layout: .bert(clsID: clsID, sepID: sepID, padID: 0), options: options)
    }

    /// The tokenizer's `layout`; without token types every type is 0 (what HF feeds a model
    /// whose tokenizer gives none).
    public static func features(
        question: [Int32], context: [Int32], layout: PairLayout, options: FeatureOptions = .init()
    ) -> [QAFeature] {
        let query = Array(question.prefix(options.maxQueryLength))
        let maxContextTokens = max(1, options.maxSequenceLength - query.count - layout.specialTokenCount)
        var windows: [Range<Int>] = []
        var start = 0
        repeat {
            let length = min(context.count - start, maxContextTokens)
            windows.append(start..<start + length)
            if start + length >= context.count { break }
            start += min(length, options.documentStride)
        } while start < context.count

        let prefix = layout.prefix + query + layout.separator
        let secondType: Int32 = layout.usesTokenTypes ? 1 : 0
        return windows.enumerated().map { index, window in
            let ids = prefix + context[window] + layout.suffix
            let types = [Int32](repeating: 0, count: prefix.count) + [Int32](repeating: secondType, count: window.count + layout.suffix.count)
            let maxContext = window.map { isMaxContext(windows: windows, current: index, position: $0) }
            return QAFeature(
                inputIds: ids, tokenTypeIds: types, contextOffset: prefix.count,
                window: window, tokenIsMaxContext: maxContext
            )
        }
    }

    /// BERT's `_check_is_max_context`. Windows are sorted and overlap only their neighbours,
    /// so only the windows around `position` are scored (a long document has thousands).
    static func isMaxContext(windows: [Range<Int>], current: Int, position: Int) -> Bool {
        // The first window that ends after `position` (ends never decrease).
        var low = 0
        var high = windows.count
        while low < high {
            let middle = (low + high) / 2
            if windows[middle].upperBound > position { high = middle } else { low = middle + 1 }
        }
        var bestScore = -Double.infinity
        var bestIndex = -1
        var index = low
        while index < windows.count, windows[index].lowerBound <= position {
            let window = windows[index]
            let left = position - window.lowerBound
            let right = window.upperBound - 1 - position
            let score = Double(min(left, right)) + 0.01 * Double(window.count)
            if score > bestScore {
                bestScore = score
                bestIndex = index
            }
            index += 1
        }
        return bestIndex == current
    }
}
