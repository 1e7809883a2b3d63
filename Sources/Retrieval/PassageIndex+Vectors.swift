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

/// Dense vectors of passages, kept in the index beside them: int8 codes (a BLOB: one vector per
/// window of the passage, see `VectorWindows`) and a scale, one row per passage, deleted with their passage (ON DELETE CASCADE), so that only new or
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
            WHERE (v.passage_id IS NULL OR NOT (\(Self.validVectorRow(dimension: encoder.dimension)))) AND p.id > ?2
            ORDER BY p.id LIMIT ?1
            """)
        // A passage removed by another connection meanwhile is simply not stored.
        let insert = try database.prepare(
            "INSERT OR REPLACE INTO passage_vectors (passage_id, scale, codes) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?1)")
        // Each batch continues after the last passage looked at, so a run is linear in the
        // passages (starting from the first every time re-probed every encoded passage per
        // batch: quadratic, noticeable at 100k passages in small batches). Passages written
        // meanwhile by another connection below the cursor are caught by one last pass from 0.
        var cursor: Int64 = 0
        var restarted = false
        while !isCancelled() {
            try missing.bind([.integer(Int64(max(1, batchSize))), .integer(cursor)])
            var ids: [Int64] = []
            var windows: [Int] = []  // inputs per passage
            var texts: [String] = []
            while try missing.step() {
                ids.append(missing.int(0))
                let inputs = vectorWindows.inputs(title: missing.text(1), section: missing.text(2), text: missing.text(3))
                windows.append(inputs.count)
                texts += inputs
            }
            if ids.isEmpty {
                if cursor == 0 || restarted { break }
                (cursor, restarted) = (0, true)
                continue
            }
            cursor = ids.last!
            let vectors = try encoder.encode(texts)
            guard vectors.count == texts.count, vectors.allSatisfy({ $0.count == encoder.dimension }) else {
                throw RetrievalError.vectorCount(encoder: encoder.identifier, vectors: vectors.count, texts: texts.count)
            }
            try database.transaction {
                var next = 0
                for (id, count) in zip(ids, windows) {
                    let (scale, codes) = Self.quantize(Array(vectors[next ..< next + count]))
                    next += count
                    try insert.run([.integer(id), .real(Double(scale)), .blob(codes)])
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

    /// A passage's window vectors as one row: int8 codes, window after window, with one scale
    /// (the largest |value| of all of them / 127; unit vectors' largest values differ little).
    static func quantize(_ vectors: [[Float]]) -> (scale: Float, codes: [UInt8]) {
        let largest = vectors.joined().reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return (0, [UInt8](repeating: 0, count: vectors.joined().count)) }
        let scale = largest / 127
        return (scale, vectors.joined().map { UInt8(bitPattern: Int8(max(-127, min(127, ($0 / scale).rounded())))) })
    }

    /// Every stored vector of `encoder`, for searching.
    public func loadVectors(encoder: any PassageEncoder) throws -> DenseVectorStore {
        var store = DenseVectorStore(dimension: encoder.dimension)
        guard try storedEncoder() == vectorKey(encoder) else { return store }
        store.reserveCapacity(try vectorCount(), rowsPerPassage: vectorWindows.words == 0 ? 1 : 3)
        let statement = try database.prepare("SELECT passage_id, scale, codes FROM passage_vectors ORDER BY passage_id")
        let dimension = encoder.dimension
        while try statement.step() {
            // A damaged row (codes of the wrong length, a scale that is huge, infinite or NaN)
            // would score every passage 0 or fail hybrid's normalisation: it is left out of
            // scoring here and re-encoded by the next `updateVectors` (`validVectorRow`).
            let codes = statement.blob(2)
            let scale = Float(statement.double(1))
            guard !codes.isEmpty, codes.count % dimension == 0, statement.isReal(1), Self.isValidScale(scale) else { continue }
            store.append(id: statement.int(0), rows: stride(from: 0, to: codes.count, by: dimension).map { start in
                QuantizedVector(codes: codes[start ..< start + dimension].map { Int8(bitPattern: $0) }, scale: scale)
            })
        }
        return store
    }

    /// SQLite's `PRAGMA data_version`: changes when another connection commits to the index
    /// (this connection's own writes leave it alone), so in-memory copies know when to reload.
    public func dataVersion() throws -> Int64 {
        let statement = try database.prepare("PRAGMA data_version")
        _ = try statement.step()
        return statement.int(0)
    }

    /// Passages with a usable vector (a damaged row counts as missing: it is encoded again).
    public func vectorCount() throws -> Int {
        guard let dimension = try storedDimension() else { return 0 }
        let statement = try database.prepare("SELECT count(*) FROM passage_vectors v WHERE \(Self.validVectorRow(dimension: dimension))")
        _ = try statement.step()
        return Int(statement.int(0))
    }

    /// The largest scale a row of unit vectors can have (max |x| ≤ 1, so ≤ 1/127), with room
    /// for an encoder whose vectors are only nearly unit length.
    static let largestValidScale: Float = 2.0 / 127

    static func isValidScale(_ scale: Float) -> Bool { scale.isFinite && scale >= 0 && scale <= largestValidScale }

    /// SQL for "row `v` of passage_vectors is usable": codes a whole number of vectors long, and
    /// a real scale in 0...largestValidScale (the column is NOT NULL, REAL affinity keeps text as text, and +inf compares above
    /// any bound). Rows that fail it are rewritten by `updateVectors`.
    static func validVectorRow(dimension: Int) -> String {
        "(length(v.codes) > 0 AND length(v.codes) % \(max(1, dimension)) = 0 AND typeof(v.scale) = 'real' "
            + "AND v.scale >= 0 AND v.scale <= \(Double(largestValidScale)))"
    }

    /// The dimension in the stored encoder key (`identifier/dimension[/windows]`).
    func storedDimension() throws -> Int? {
        guard let key = try storedEncoder() else { return nil }
        let parts = key.split(separator: "/")
        let position = vectorWindows == .wholePassage ? parts.count - 1 : parts.count - 2
        return position >= 0 ? Int(parts[position]) : nil
    }

    /// The encoder whose vectors the index holds, if any.
    public func storedEncoder() throws -> String? {
        let statement = try database.prepare("SELECT value FROM meta WHERE key = 'encoder'")
        return try statement.step() ? statement.text(0) : nil
    }

    /// The encoder, its dimension and how passages are cut for it: vectors stored under another
    /// key are recomputed. (Indexes encoded before windows have no window part: they are
    /// re-encoded once.)
    public func vectorKey(_ encoder: any PassageEncoder) -> String {
        "\(encoder.identifier)/\(encoder.dimension)" + (vectorWindows == .wholePassage ? "" : "/\(vectorWindows.key)")
    }

    /// Whether every passage has a vector of `encoder` (cut as `vectorWindows` says): dense
    /// retrieval then sees the whole folder.
    public func vectorsAreComplete(encoder: any PassageEncoder) throws -> Bool {
        guard try storedEncoder() == vectorKey(encoder) else { return false }
        let (_, passages) = try counts()
        return try vectorCount() >= passages
    }

    /// Vectors of another encoder (or of another dimension) are removed before new ones are stored.
    private func prepareVectorTable(_ encoder: any PassageEncoder) throws {
        let identifier = vectorKey(encoder)
        if try storedEncoder() != identifier {
            try database.transaction {
                try database.execute("DELETE FROM passage_vectors")
                try database.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('encoder', ?1)").run([.text(identifier)])
            }
        }
    }
}
