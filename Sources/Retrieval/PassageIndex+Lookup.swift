import Documents

/// Passages looked up by id or by document (dense search and evaluation find passages by id).
extension PassageIndex {
    /// Passages by id, with their document's title and section (ids not found are absent).
    public func passages(ids: [Int64]) throws -> [Int64: PassageHit] {
        let statement = try database.prepare("""
            SELECT p.id, d.name, p.start, p.end, substr(d.text, p.start + 1, p.end - p.start), d.title, p.section
            FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1
            """)
        var hits: [Int64: PassageHit] = [:]
        for id in ids {
            try statement.bind([.integer(id)])
            guard try statement.step() else { continue }
            hits[id] = PassageHit(passageID: id, documentPath: String(decoding: statement.blob(1), as: UTF8.self), range: Int(statement.int(2))..<Int(statement.int(3)),
                                  text: statement.text(4), score: 0, scoreKind: .cosine, title: statement.text(5), section: statement.text(6))
            hits[id]!.tableRows = try tableRows(ofPassage: id)
        }
        return hits
    }
}

extension PassageIndex {
    /// The passages of one document, in order: (id, range in the document's text).
    public func passageRanges(documentPath: String) throws -> [(id: Int64, range: Range<Int>)] {
        let statement = try database.prepare(
            "SELECT p.id, p.start, p.end FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.name = ?1 ORDER BY p.start")
        try statement.bind([.blob(Array(documentPath.utf8))])
        var passages: [(id: Int64, range: Range<Int>)] = []
        while try statement.step() { passages.append((statement.int(0), Int(statement.int(1))..<Int(statement.int(2)))) }
        return passages
    }
}

extension PassageIndex {
    /// The title of a document and the section of its passage that holds `offset`.
    public func passageContext(documentPath: String, offset: Int) throws -> (title: String, section: String)? {
        let statement = try database.prepare("""
            SELECT d.title, p.section FROM passages p JOIN documents d ON d.id = p.document_id
            WHERE d.name = ?1 AND p.start <= ?2 AND p.end > ?2 ORDER BY p.start DESC LIMIT 1
            """)
        try statement.bind([.blob(Array(documentPath.utf8)), .integer(Int64(offset))])
        return try statement.step() ? (statement.text(0), statement.text(1)) : nil
    }
}

extension PassageIndex {
    /// The table rows that overlap passage `passageID`, in text order (none for prose).
    ///
    /// A document's rows are disjoint paragraphs stored in text order (`insert` keeps only rows
    /// that start at or after the previous one's end), so the first row that can overlap the
    /// passage is the last one starting at or before it: the index on (document_id, start)
    /// seeks there and reads only the passage's rows. Without that lower bound a passage at the
    /// end of a 100,000-row sheet read every row before it: 17 ms a hit against under 0.1 ms
    /// (sqlite3's timer), for every hit of every search.
    public func tableRows(ofPassage passageID: Int64) throws -> [TableRowPlace] {
        let statement = try database.prepare("""
            WITH p AS (SELECT document_id, start, end FROM passages WHERE id = ?1)
            SELECT t.start, t.end, t.place, t.row, t.cells FROM p
            JOIN table_rows t ON t.document_id = p.document_id AND t.start < p.end AND t.end > p.start
                AND t.start >= coalesce((SELECT max(start) FROM table_rows
                                         WHERE document_id = p.document_id AND start <= p.start), 0)
            ORDER BY t.start
            """)
        try statement.bind([.integer(passageID)])
        var rows: [TableRowPlace] = []
        while try statement.step() {
            if let row = TableRowPlace(start: Int(statement.int(0)), end: Int(statement.int(1)), storedTable: statement.text(2),
                                       row: Int(statement.int(3)), storedCells: statement.text(4)) { rows.append(row) }
        }
        return rows
    }

    /// `hits` with their table rows (`PassageHit.tableRows`).
    func withTableRows(_ hits: [PassageHit]) throws -> [PassageHit] {
        try hits.map { hit in
            var hit = hit
            hit.tableRows = try tableRows(ofPassage: hit.passageID)
            return hit
        }
    }
}
