/// Resolving a question's scope to the documents and passages it holds.
extension PassageIndex {
    /// The documents `scope` names and their passages (every path is matched once, in Swift:
    /// patterns are globs and folders, which SQLite's GLOB would read differently), with the
    /// patterns that named none.
    public func resolve(_ scope: QuestionScope) throws -> PassageScope {
        let documents = try database.prepare("SELECT id, path, name FROM documents ORDER BY id")
        var documentIDs: [Int64] = []
        var matched = Set<String>()
        while try documents.step() {
            // A pattern naming an mbox names all its messages; `inbox.mbox#2` names one.
            let path = String(decoding: documents.blob(1), as: UTF8.self)
            let name = String(decoding: documents.blob(2), as: UTF8.self)
            let naming = scope.patterns.filter { QuestionScope.pattern($0, matches: path) || QuestionScope.pattern($0, matches: name) }
            guard !naming.isEmpty else { continue }
            documentIDs.append(documents.int(0))
            matched.formUnion(naming)
        }
        // Passages by document through `passages_by_document`, one lookup per document.
        let passages = try database.prepare("SELECT id FROM passages WHERE document_id = ?1")
        var passageIDs = Set<Int64>()
        for id in documentIDs {
            try passages.bind([.integer(id)])
            while try passages.step() { passageIDs.insert(passages.int(0)) }
        }
        return PassageScope(documentIDs: documentIDs, passageIDs: passageIDs,
                            unmatchedPatterns: scope.patterns.filter { !matched.contains($0) })
    }
}
