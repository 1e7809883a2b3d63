import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// `updateVectors` walks the passages with a cursor (linear in the folder, not quadratic) and
/// still catches what another connection left without a vector behind it; the stored-vector
/// count is what these tests hold it to.
final class VectorUpdateTests: XCTestCase {
    var documents: DocumentFolder!
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-vector-update")
        for n in 0..<6 { try documents.write("note\(n).txt", "Note \(n) is about river number \(n) and its bridges.") }
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    /// An encoder that runs `duringCall(n)` at its n-th call (from 1), before encoding.
    struct InterferingEncoder: PassageEncoder {
        let inner = HashedBagOfWords()
        var identifier: String { inner.identifier }
        var dimension: Int { inner.dimension }
        let calls = Calls()
        let duringCall: @Sendable (Int) throws -> Void

        final class Calls: @unchecked Sendable {  // test-only tally, one thread
            var count = 0
        }

        func encode(_ texts: [String]) throws -> [[Float]] {
            calls.count += 1
            try duringCall(calls.count)
            return try inner.encode(texts)
        }
    }

    func testEachBatchStartsAfterTheLastAndAVectorDroppedBehindTheCursorIsStillComputed() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        index.vectorWindows = .wholePassage
        let passages = try index.update().passages
        XCTAssertEqual(passages, 6)
        let firstID = try { () throws -> Int64 in
            // (A statement left open would keep this connection's read snapshot, and its next write would fail.)
            let first = try index.database.prepare("SELECT min(id) FROM passages")
            XCTAssertTrue(try first.step())
            defer { _ = try? first.step() }
            return first.int(0)
        }()
        let (folder, databaseURL) = (documents.url, database)
        // At the third batch, another connection deletes the first passage's vector (stored by
        // the first batch): the cursor is past it, so only the final pass from the start finds it.
        let encoder = InterferingEncoder { call in
            guard call == 3 else { return }
            let other = try PassageIndex(folder: folder, databaseURL: databaseURL)
            try other.database.execute("DELETE FROM passage_vectors WHERE passage_id = \(firstID)")
        }
        let report = try index.updateVectors(encoder: encoder, batchSize: 2)
        XCTAssertEqual(report.vectors, passages, "the dropped vector was computed again")
        XCTAssertEqual(report.encoded, passages + 1)
        XCTAssertEqual(encoder.calls.count, 4, "three batches of two, then the one passage the last pass found")
        XCTAssertTrue(try index.vectorsAreComplete(encoder: encoder))
    }

    /// Issue 20's probe: a row whose codes had the wrong length was skipped by dense search
    /// forever and never re-encoded ("encoded 0"); a huge or infinite scale made hybrid score
    /// every passage 0. Damaged rows are dropped from scoring, not counted as vectors, and
    /// encoded again by the next update.
    func testDamagedVectorRowsAreLeftOutOfScoringAndEncodedAgain() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        index.vectorWindows = .wholePassage
        let passages = try index.update().passages
        let encoder = HashedBagOfWords()
        XCTAssertEqual(try index.updateVectors(encoder: encoder).vectors, passages)
        let ids: [Int64] = try {
            let statement = try index.database.prepare("SELECT passage_id FROM passage_vectors ORDER BY passage_id")
            var ids: [Int64] = []
            while try statement.step() { ids.append(statement.int(0)) }
            return ids
        }()
        try index.database.execute("UPDATE passage_vectors SET codes = X'0102' WHERE passage_id = \(ids[0])")
        try index.database.execute("UPDATE passage_vectors SET scale = 1e300 WHERE passage_id = \(ids[1])")
        try index.database.execute("UPDATE passage_vectors SET scale = 9e999 WHERE passage_id = \(ids[2])")  // +inf
        try index.database.execute("UPDATE passage_vectors SET scale = 'not a number' WHERE passage_id = \(ids[3])")
        XCTAssertEqual(try index.vectorCount(), passages - 4)
        XCTAssertFalse(try index.vectorsAreComplete(encoder: encoder))
        let store = try index.loadVectors(encoder: encoder)
        XCTAssertEqual(store.count, passages - 4, "damaged rows are not scored")
        let report = try index.updateVectors(encoder: encoder)
        XCTAssertEqual(report.encoded, 4)
        XCTAssertEqual(report.vectors, passages)
        XCTAssertTrue(try index.vectorsAreComplete(encoder: encoder))
        XCTAssertEqual(try index.loadVectors(encoder: encoder).count, passages)
    }

    func testDataVersionMovesOnlyWithAnotherConnectionsCommit() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let before = try index.dataVersion()
        _ = try index.updateVectors(encoder: HashedBagOfWords())
        XCTAssertEqual(try index.dataVersion(), before, "this connection's own writes")
        let other = try PassageIndex(folder: documents.url, databaseURL: database)
        try other.database.execute("DELETE FROM passage_vectors")
        XCTAssertNotEqual(try index.dataVersion(), before)
    }
}
