import Foundation

/// Within one document every passage is on its subject, and the question's words are spread
/// over many of them; what singles out the passage a question was asked from is mostly one
/// sentence that holds several of its rarer words together (questions are written from a
/// sentence). Each passage of the scope scores its best sentence: the sum of the inverse
/// document frequencies (over the whole folder's passages) of the question's words the sentence
/// holds, each stem counted once, normalised so that the scope's best passage scores 1.
/// The hybrid fusion adds it as a third score within a small scope (`HybridSettings`).
///
/// Words are matched as BM25 matches them: the index's own FTS5 tokenizer (porter stemming over
/// unicode61, diacritics removed) runs over the sentences in a private in-memory table, so that
/// "viroporins" in a question finds "viroporin" in a sentence exactly when BM25 would.
///
/// Measured (issue 23; `Scripts/fit-fusion.py --sentences`, the rule fixed before the check
/// halves were looked at, README "Retrieval"): see `HybridSettings.default`.
public struct SentenceEvidence {
    public let index: PassageIndex
    /// The scope's passages (one document's, at most `HybridSettings.smallScopePassages`).
    public let passages: [Int64]

    public init(index: PassageIndex, passages: [Int64]) {
        self.index = index
        self.passages = passages
    }

    /// Each passage's best-sentence score for `question` (0–1; passages without a question
    /// word left out), with every passage of the scope as a hit (text, place) for the fusion.
    public func scores(for question: String) throws -> (scores: [Int64: Double], hits: [Int64: PassageHit]) {
        let terms = QueryBuilder.terms(question)
        let hits = try index.passages(ids: passages)
        guard !terms.isEmpty, !hits.isEmpty else { return ([:], hits) }
        var sentences: [(passage: Int64, text: Substring)] = []
        for id in passages {
            guard let text = hits[id]?.text else { continue }
            let scalars = Array(text.unicodeScalars)
            for range in Chunker.sentences(scalars) {
                sentences.append((id, Substring(String(String.UnicodeScalarView(scalars[range])))))
            }
        }
        let matcher = try StemMatcher(sentences: sentences.map(\.text), terms: terms)
        let weights = try index.inverseDocumentFrequencies(of: matcher.stems)
        var best: [Int64: Double] = [:]
        for (number, stems) in matcher.stemsBySentence {
            let score = stems.reduce(0) { $0 + (weights[$1] ?? 0) }
            let passage = sentences[number].passage
            if score > best[passage] ?? 0 { best[passage] = score }
        }
        return (Self.normalised(best), hits)
    }

    /// Scores divided by the best one (all 0 when none is positive).
    static func normalised(_ scores: [Int64: Double]) -> [Int64: Double] {
        guard let top = scores.values.max(), top > 0 else { return [:] }
        return scores.mapValues { $0 / top }
    }
}

/// The question's stems found in each sentence, by the index's tokenizer (an in-memory FTS5
/// table and its `fts5vocab` instance view: nothing is written to the index).
struct StemMatcher {
    /// The question's stems.
    let stems: Set<String>
    /// Sentence number → the question's stems it holds (sentences holding none left out).
    let stemsBySentence: [Int: Set<String>]

    init(sentences: [Substring], terms: [String]) throws {
        let database = try SQLiteDatabase(inMemory: ())
        try database.execute("""
            CREATE VIRTUAL TABLE sentences USING fts5(text, tokenize = '\(PassageIndex.tokenizer)');
            CREATE VIRTUAL TABLE question USING fts5(text, tokenize = '\(PassageIndex.tokenizer)');
            CREATE VIRTUAL TABLE sentence_words USING fts5vocab(sentences, 'instance');
            CREATE VIRTUAL TABLE question_words USING fts5vocab(question, 'instance');
            """)
        try database.transaction {
            let insert = try database.prepare("INSERT INTO sentences (rowid, text) VALUES (?1, ?2)")
            for (number, sentence) in sentences.enumerated() { try insert.run([.integer(Int64(number)), .text(String(sentence))]) }
            let word = try database.prepare("INSERT INTO question (rowid, text) VALUES (?1, ?2)")
            for (number, term) in terms.enumerated() { try word.run([.integer(Int64(number)), .text(term)]) }
        }
        var stems = Set<String>()
        let words = try database.prepare("SELECT term FROM question_words")
        while try words.step() { stems.insert(words.text(0)) }
        var found: [Int: Set<String>] = [:]
        let matches = try database.prepare("SELECT s.term, s.doc FROM sentence_words s WHERE s.term IN (SELECT term FROM question_words)")
        while try matches.step() { found[Int(matches.int(1)), default: []].insert(matches.text(0)) }
        self.stems = stems
        stemsBySentence = found
    }
}

extension PassageIndex {
    /// The FTS5 tokenizer of `passages_fts`, for tables that must split words as it does.
    static let tokenizer = "porter unicode61 remove_diacritics 2"

    /// Each stem's inverse document frequency over the folder's passages, BM25's
    /// ln((N − n + 0.5) / (n + 0.5) + 1), where n counts the passages holding the stem in any
    /// column (title, section or text), read from the FTS index's own vocabulary (an
    /// `fts5vocab` view in this connection's temporary schema: the index file is not written).
    func inverseDocumentFrequencies(of stems: some Collection<String>) throws -> [String: Double] {
        let total = Double(try counts().passages)
        try database.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocabulary USING fts5vocab(main, passages_fts, 'row')")
        let statement = try database.prepare("SELECT doc FROM temp.passages_vocabulary WHERE term = ?1")
        var weights: [String: Double] = [:]
        for stem in stems {
            try statement.bind([.text(stem)])
            let holding = try statement.step() ? Double(statement.int(0)) : 0
            weights[stem] = log((total - holding + 0.5) / (holding + 0.5) + 1)
        }
        return weights
    }
}
