/// Passages looked up by id or by document (dense search and evaluation find passages by id).
extension PassageIndex {
    /// Passages by id, with their document's title and section (ids not found are absent).
    public func passages(ids: [Int64]) throws -> [Int64: PassageHit] {
        let statement = try database.prepare("""
            SELECT p.id, d.path, p.start, p.end, substr(d.text, p.start + 1, p.end - p.start), d.title, p.section
            FROM passages p JOIN documents d ON d.id = p.document_id WHERE p.id = ?1
            """)
        var hits: [Int64: PassageHit] = [:]
        for id in ids {
            try statement.bind([.integer(id)])
            guard try statement.step() else { continue }
            hits[id] = PassageHit(passageID: id, documentPath: String(decoding: statement.blob(1), as: UTF8.self), range: Int(statement.int(2))..<Int(statement.int(3)),
                                  text: statement.text(4), score: 0, scoreKind: .cosine, title: statement.text(5), section: statement.text(6))
        }
        return hits
    }
}

extension PassageIndex {
    /// The passages of one document, in order: (id, range in the document's text).
    public func passageRanges(documentPath: String) throws -> [(id: Int64, range: Range<Int>)] {
        let statement = try database.prepare(
            "SELECT p.id, p.start, p.end FROM passages p JOIN documents d ON d.id = p.document_id WHERE d.path = ?1 ORDER BY p.start")
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
            WHERE d.path = ?1 AND p.start <= ?2 AND p.end > ?2 ORDER BY p.start DESC LIMIT 1
            """)
        try statement.bind([.blob(Array(documentPath.utf8)), .integer(Int64(offset))])
        return try statement.step() ? (statement.text(0), statement.text(1)) : nil
    }
}
