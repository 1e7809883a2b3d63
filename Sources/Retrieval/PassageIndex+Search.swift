import Foundation

/// Reading the index: BM25 search, passages, documents.
extension PassageIndex {
    public func counts() throws -> (documents: Int, passages: Int) {
        let statement = try database.prepare("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)")
        _ = try statement.step()
        return (Int(statement.int(0)), Int(statement.int(1)))
    }

    /// The `limit` passages BM25 ranks best for `question` (none for a question without words),
    /// over the title, section and text columns weighted by `columnWeights`; with a `scope`, only
    /// passages of its documents (ranked among themselves: the LIMIT applies inside the scope).
    /// An index SQLite finds damaged is rebuilt and re-indexed (it is ours), then searched again.
    public func search(_ question: String, limit: Int = 20, scope: PassageScope? = nil) throws -> [PassageHit] {
        do {
            return try performSearch(question, limit: limit, scope: scope)
        } catch let error as RetrievalError where error.isCorruption {
            try withWriterLock(wait: true) {
                try rebuild(because: error.damageReason)
            }
            _ = try update()
            return try performSearch(question, limit: limit, scope: scope)
        }
    }

    private func performSearch(_ question: String, limit: Int, scope: PassageScope?) throws -> [PassageHit] {
        guard let expression = QueryBuilder.matchExpression(question), limit > 0 else { return [] }
        if let scope, scope.documentIDs.isEmpty { return [] }
        let weights = columnWeights
        // The scope's documents are row ids (integers of our own), written into the statement:
        // FTS5 filters the MATCH by rowid, and `passages_by_document` finds the rowids.
        let within = scope.map { " AND rowid IN (SELECT id FROM passages WHERE document_id IN (\($0.documentIDs.map(String.init).joined(separator: ","))))" } ?? ""
        let statement = try database.prepare("""
            SELECT p.id, d.name, p.start, p.end, substr(d.text, p.start + 1, p.end - p.start), -f.score, d.title, p.section
            FROM (SELECT rowid, bm25(passages_fts, \(weights.title), \(weights.section), \(weights.text)) AS score
                  FROM passages_fts WHERE passages_fts MATCH ?1\(within) ORDER BY score LIMIT ?2) AS f
            JOIN passages AS p ON p.id = f.rowid
            JOIN documents AS d ON d.id = p.document_id
            ORDER BY f.score
            """)
        try statement.bind([.text(expression), .integer(Int64(limit))])
        var hits: [PassageHit] = []
        while try statement.step() {
            hits.append(PassageHit(passageID: statement.int(0), documentPath: String(decoding: statement.blob(1), as: UTF8.self),
                                   range: Int(statement.int(2))..<Int(statement.int(3)),
                                   text: statement.text(4), score: statement.double(5), scoreKind: .bm25,
                                   title: statement.text(6), section: statement.text(7)))
        }
        return try withTableRows(hits)
    }

    /// One passage's text by id.
    public func passageText(id: Int64) throws -> String? {
        let statement = try database.prepare(
            "SELECT substr(d.text, p.start + 1, p.end - p.start) FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1")
        try statement.bind([.integer(id)])
        return try statement.step() ? statement.text(0) : nil
    }

    /// A document's indexed text (the text all offsets refer to), by the path a hit shows.
    /// Paths are matched as bytes (so `café` in NFC and NFD are two documents); a name that is
    /// not UTF-8 is shown with U+FFFD, and found by that shown form.
    public func documentText(path: String) throws -> String? {
        let exact = try database.prepare("SELECT text FROM documents WHERE name = ?1 ORDER BY id")
        try exact.bind([.blob(Array(path.utf8))])
        if try exact.step() { return exact.text(0) }
        guard path.unicodeScalars.contains("\u{FFFD}") else { return nil }
        let all = try database.prepare("SELECT name, text FROM documents")
        while try all.step() {
            let shown = String(decoding: all.blob(0), as: UTF8.self)
            if Array(shown.utf8) == Array(path.utf8) { return all.text(1) }
        }
        return nil
    }

    /// Every indexed document path (as shown), in byte order.
    public func documentPaths() throws -> [String] {
        let statement = try database.prepare("SELECT name FROM documents ORDER BY name")
        var paths: [String] = []
        while try statement.step() { paths.append(String(decoding: statement.blob(0), as: UTF8.self)) }
        return paths
    }
}
