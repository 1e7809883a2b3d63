import Foundation

/// Progress of computing passage vectors.
public struct VectorProgress: Sendable {
    public var done: Int
    public var total: Int
    public var seconds: Double
}

/// What one vector update did.
public struct VectorReport: Sendable {
    /// Passages encoded in this run.
    public var encoded = 0
    /// Passages with a vector now, and passages in the index.
    public var vectors = 0
    public var passages = 0
    public var seconds = 0.0
    public var cancelled = false
}

/// Dense vectors of passages, kept in the index beside them: int8 codes (a BLOB) and a scale,
/// one row per passage, deleted with their passage (ON DELETE CASCADE), so that only new or
/// changed passages are encoded again. The encoder's identifier is kept in `meta`; vectors of
/// another encoder are dropped.
extension PassageIndex {
    /// Encodes the passages that have no vector yet, `batchSize` at a time (one transaction per
    /// batch, so that an interrupted run keeps what it did).
    public func updateVectors(
        encoder: any PassageEncoder, batchSize: Int = 32,
        progress: ((VectorProgress) -> Void)? = nil, isCancelled: () -> Bool = { false }
    ) throws -> VectorReport {
        let started = Date()
        try prepareVectorTable(encoder)
        var report = VectorReport()
        let (_, passages) = try counts()
        report.passages = passages
        var done = try vectorCount()
        let missing = try database.prepare("""
            SELECT p.id, d.title, p.section, substr(d.text, p.start + 1, p.end - p.start)
            FROM passages p JOIN documents d ON d.id = p.document_id
            LEFT JOIN passage_vectors v ON v.passage_id = p.id
            WHERE v.passage_id IS NULL ORDER BY p.id LIMIT ?1
            """)
        // A passage removed by another connection meanwhile is simply not stored.
        let insert = try database.prepare(
            "INSERT OR REPLACE INTO passage_vectors (passage_id, scale, codes) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?1)")
        while !isCancelled() {
            try missing.bind([.integer(Int64(max(1, batchSize)))])
            var ids: [Int64] = []
            var texts: [String] = []
            while try missing.step() {
                ids.append(missing.int(0))
                texts.append(Self.encoderInput(title: missing.text(1), section: missing.text(2), text: missing.text(3)))
            }
            if ids.isEmpty { break }
            let vectors = try encoder.encode(texts)
            guard vectors.count == ids.count, vectors.allSatisfy({ $0.count == encoder.dimension }) else {
                throw IndexError("the encoder \(encoder.identifier) returned \(vectors.count) vectors for \(ids.count) passages")
            }
            try database.transaction {
                for (id, vector) in zip(ids, vectors) {
                    let quantized = QuantizedVector(vector)
                    try insert.run([.integer(id), .real(Double(quantized.scale)), .blob(quantized.codes.map { UInt8(bitPattern: $0) })])
                }
            }
            report.encoded += ids.count
            done += ids.count
            progress?(VectorProgress(done: min(done, passages), total: passages, seconds: Date().timeIntervalSince(started)))
        }
        report.cancelled = isCancelled()
        report.vectors = try vectorCount()
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// What the encoder reads for a passage: its document's title and section, then its text
    /// (a passage that says "he" is found by questions naming the document's subject).
    static func encoderInput(title: String, section: String, text: String) -> String {
        let context = [title, section].filter { !$0.isEmpty }.joined(separator: " — ")
        return context.isEmpty ? text : context + ". " + text
    }

    /// Every stored vector of `encoder`, for searching.
    public func loadVectors(encoder: any PassageEncoder) throws -> DenseVectorStore {
        var store = DenseVectorStore(dimension: encoder.dimension)
        guard try storedEncoder() == Self.vectorKey(encoder) else { return store }
        store.reserveCapacity(try vectorCount())
        let statement = try database.prepare("SELECT passage_id, scale, codes FROM passage_vectors ORDER BY passage_id")
        while try statement.step() {
            let codes = statement.blob(2)
            guard codes.count == encoder.dimension else { continue }
            store.append(id: statement.int(0), QuantizedVector(codes: codes.map { Int8(bitPattern: $0) }, scale: Float(statement.double(1))))
        }
        return store
    }

    /// Passages with a vector.
    public func vectorCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM passage_vectors")
        _ = try statement.step()
        return Int(statement.int(0))
    }

    /// The encoder whose vectors the index holds, if any.
    public func storedEncoder() throws -> String? {
        let statement = try database.prepare("SELECT value FROM meta WHERE key = 'encoder'")
        return try statement.step() ? statement.text(0) : nil
    }

    static func vectorKey(_ encoder: any PassageEncoder) -> String { "\(encoder.identifier)/\(encoder.dimension)" }

    /// Vectors of another encoder (or of another dimension) are removed before new ones are stored.
    private func prepareVectorTable(_ encoder: any PassageEncoder) throws {
        let identifier = Self.vectorKey(encoder)
        if try storedEncoder() != identifier {
            try database.transaction {
                try database.execute("DELETE FROM passage_vectors")
                try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('encoder', ?1)").run([.text(identifier)])
            }
        }
    }
}
