/// The hybrid retriever's shipped settings, tuned on the dev sets (README, "Retrieval").
public struct HybridSettings: Sendable, Equatable {
    public var method: FusionMethod
    /// Passages each list contributes.
    public var depth: Int
    /// RRF's k (reciprocal-rank fusion only).
    public var k: Double
    /// The dense list's weight against BM25's 1.
    public var denseWeight: Double
    /// Pseudo-relevance feedback for the BM25 list (convex fusion; see QueryExpansion).
    public var expansion: QueryExpansion.Settings

    public init(method: FusionMethod, depth: Int, k: Double, denseWeight: Double, expansion: QueryExpansion.Settings = .off) {
        self.method = method
        self.depth = depth
        self.k = k
        self.denseWeight = denseWeight
        self.expansion = expansion
    }

    /// Recall@10 (`albertqa eval F --recall --retriever hybrid --fusion M --dense-weight W`, or
    /// replayed from `--candidates` dumps by Scripts/fit-fusion.py, which gives the same
    /// numbers; passage vectors in windows of 96 words every 64; natural-dev = 70 questions of
    /// our own about Documents/, Tests/Fixtures/natural-questions-dev.json):
    ///
    /// | fusion, dense weight | natural-dev | conditionalqa-dev | covidqa-dev |
    /// |----------------------|-------------|-------------------|-------------|
    /// | (BM25 alone)         | 78.57       | 78.25             | 85.85       |
    /// | (dense alone)        | 91.43       | 79.08             | 67.18       |
    /// | rrf, 1               | 88.57       | 82.37             | 86.80       |
    /// | rrf, 2               | 88.57       | 81.22             | 77.88       |
    /// | convex, 0.5          | 84.29       | 82.21             | 87.99       |
    /// | convex, 1            | 88.57       | 83.69             | 88.35       |
    /// | convex, 1.5          | 92.86       | 84.68             | 87.40       |
    /// | convex, 2            | 94.29       | 84.51             | 86.33       |
    /// | convex, 3            | 94.29       | 84.35             | 83.59       |
    /// | convex, 2, depth 50  | 95.71       | 84.02             | 87.04       |
    /// | **convex, 2, + BM25 feedback** | 97.14 | 85.17        | 86.92       |
    /// | same, depth 50       | 95.71       | 83.69             | 87.40       |
    ///
    /// Score fusion beats rank fusion everywhere: RRF gives a passage only BM25 found (covidqa's
    /// technical questions) the same credit as one only the dense list found (a reader's own
    /// words), where the normalised scores say how sure each list is. Weight 2 is the best mean
    /// with 1.5 (88.38 vs 88.31) and favours the questions people ask in their own words
    /// (SQuAD dev every 5th: 98.06, XQuAD-en: 99.83, against BM25's 96.50 and 99.24).
    ///
    /// The BM25 list gets pseudo-relevance feedback (QueryExpansion: 5 words from its first 3
    /// passages, a second MATCH mixed in at weight 0.25): +0.7 to +2.9 on the three sets above,
    /// SQuAD every 5th 98.20, XQuAD-en 99.92. Document-level evidence (a passage's document's
    /// best fused score added, or a cap on passages a document) did not help: covidqa and
    /// conditionalqa lose 0.5–3 (the right document, the wrong passage of it; `fit-fusion.py
    /// --documents`).
    /// The fusion in a few words, as the interface's information overlay names it: "(the
    /// default)" when it is the shipped one.
    public var summary: String {
        func number(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e6 ? String(Int(value)) : String(value) }
        var words: String
        switch method {
        case .reciprocalRank: words = "reciprocal rank (k \(number(k)), dense weight \(number(denseWeight)))"
        case .convex: words = "a convex combination of normalised scores (dense weight \(number(denseWeight)) : BM25 1)"
        }
        if !expansion.isOff, method == .convex { words += ", BM25 with pseudo-relevance feedback" }
        return self == .default ? words + " (the default)" : words
    }

    public static let `default` = HybridSettings(method: .convex, depth: 30, k: 60, denseWeight: 2,
                                                 expansion: QueryExpansion.Settings(passages: 3, terms: 5, weight: 0.25))
}
