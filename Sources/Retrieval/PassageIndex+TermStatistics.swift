import Foundation

/// What the FTS index knows of words: its tokenizer, and how many passages hold a stem.
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
