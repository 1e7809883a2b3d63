import Documents
import Foundation
import Retrieval
import TestSupport
import XCTest

/// A deterministic stand-in for a sentence encoder: words (lowercased, crudely singularised)
/// hashed into buckets, L2-normalised. Texts sharing words get high cosines; nothing learnt.
struct HashedBagOfWords: PassageEncoder {
    var identifier = "hashed-bag-of-words"
    var dimension = 256
    let calls = Counter()

    final class Counter: @unchecked Sendable {  // test-only tally, read after the calls
        var texts = 0
    }

    func encode(_ texts: [String]) throws -> [[Float]] {
        calls.texts += texts.count
        return texts.map { text in
            var vector = [Float](repeating: 0, count: dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                var stem = String(word)
                if stem.count > 3, stem.hasSuffix("s") { stem.removeLast() }
                var hash: UInt64 = 14_695_981_039_346_656_037
                for byte in stem.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
                vector[Int(hash % UInt64(dimension))] += 1
            }
            let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? vector.map { $0 / norm } : vector
        }
    }
}

final class RetrieverTests: XCTestCase {
    var documents: DocumentFolder!
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-retrievers")
        // Sections longer than the chunker's 60-word minimum, so that each is a passage of its own.
        let filler = String(repeating: "Its water is cold and its banks are green with vineyards and old towns. ", count: 6)
        try documents.write("Rhine.md", "# Rhine\n\n## Course\n\nIt rises in the Swiss Alps and flows 1,230 km to the North Sea. \(filler)\n\n## Ships\n\nBarges carry coal and grain upstream. \(filler)")
        try documents.write("Danube.txt", "The Danube flows through ten countries and is Europe's second longest river.")
        try documents.write("notes.html", "<title>Alpine glaciers</title><h1>Aletsch</h1><p>The Aletsch is the largest glacier of the Alps. \(String(repeating: "Ice moves slowly down the valley every year. ", count: 9))</p>")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func testHitsCarryTitleAndSectionAndTheTitleColumnIsSearched() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let course = try XCTUnwrap(index.search("Swiss Alps").first)
        XCTAssertEqual(course.documentPath, "Rhine.md")
        XCTAssertEqual(course.title, "Rhine")
        XCTAssertEqual(course.section, "Course", "the top heading repeats the title and is left out")
        XCTAssertEqual(course.scoreKind, .bm25)
        // "Rhine" is only in the title and a heading of the Ships passage: the title column finds it.
        let ships = try index.search("Rhine barges")
        XCTAssertEqual(ships.first?.section, "Ships")
        let glacier = try XCTUnwrap(index.search("alpine").first)
        XCTAssertEqual(glacier.title, "Alpine glaciers")
        XCTAssertEqual(glacier.section, "Aletsch")
        // Weighting the title higher moves a title-only match above a text match.
        // Weights: with the text alone, the Ships passage (no "Rhine" in its text) scores nothing.
        index.columnWeights = ColumnWeights(title: 0, section: 0, text: 1)
        var rhine = try index.search("Rhine")
        XCTAssertEqual(rhine.count, 2)
        XCTAssertEqual(rhine[0].section, "Course")
        XCTAssertEqual(rhine[1].score, 0, accuracy: 1e-9)
        // (BM25's idf is 0 for a word in half the passages: more documents make "Rhine" rare.)
        for n in 0..<6 { try documents.write("other\(n).txt", "Unrelated note number \(n) about cooking pasta.") }
        _ = try index.update()
        index.columnWeights = ColumnWeights(title: 10, section: 1, text: 1)
        rhine = try index.search("Rhine")
        XCTAssertGreaterThan(rhine.first { $0.section == "Ships" }?.score ?? 0, 1e-3, "the title column counts")
        XCTAssertNil(ColumnWeights(parsing: "1,2"))
        XCTAssertEqual(ColumnWeights(parsing: "3, 1.5,1"), ColumnWeights(title: 3, section: 1.5, text: 1))
    }

    func testVectorsAreComputedOnceKeptForUnchangedPassagesAndDroppedForAnotherEncoder() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        index.vectorWindows = .wholePassage  // one text per passage (windows: the next test)
        let report = try index.update()
        let encoder = HashedBagOfWords()
        var seen: [VectorProgress] = []
        var vectors = try index.updateVectors(encoder: encoder, batchSize: 2, progress: { seen.append($0) })
        XCTAssertEqual(vectors.encoded, report.passages)
        XCTAssertEqual(vectors.vectors, report.passages)
        XCTAssertEqual(seen.last?.done, report.passages)
        XCTAssertEqual(encoder.calls.texts, report.passages)
        // Nothing changed: nothing is encoded.
        vectors = try index.updateVectors(encoder: encoder)
        XCTAssertEqual(vectors.encoded, 0)
        // One document changes: only its passages are encoded again.
        try documents.write("Danube.txt", "The Danube flows through ten countries. It ends in the Black Sea.")
        _ = try index.update()
        vectors = try index.updateVectors(encoder: encoder)
        XCTAssertEqual(vectors.encoded, 1)
        XCTAssertEqual(vectors.vectors, vectors.passages)
        // A document removed takes its vectors along.
        try FileManager.default.removeItem(at: documents.url.appendingPathComponent("notes.html"))
        _ = try index.update()
        XCTAssertEqual(try index.vectorCount(), try index.counts().passages)
        // Another encoder: every vector is recomputed.
        var other = HashedBagOfWords()
        other.identifier = "another-model"
        vectors = try index.updateVectors(encoder: other)
        XCTAssertEqual(vectors.encoded, vectors.passages)
        XCTAssertEqual(try index.loadVectors(encoder: encoder).count, 0, "the first encoder's vectors are gone")
        XCTAssertEqual(try index.loadVectors(encoder: other).count, vectors.passages)
    }

    func testWindowedVectorsScoreAPassageByItsBestWindowAndAnotherCutReencodes() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        let report = try index.update()
        let encoder = HashedBagOfWords()
        index.vectorWindows = VectorWindows(words: 12, stride: 8)
        var vectors = try index.updateVectors(encoder: encoder)
        XCTAssertEqual(vectors.vectors, report.passages)
        XCTAssertTrue(try index.vectorsAreComplete(encoder: encoder))
        let store = try index.loadVectors(encoder: encoder)
        XCTAssertEqual(store.count, report.passages)
        XCTAssertEqual(store.rowCount, encoder.calls.texts, "one row per window encoded")
        XCTAssertGreaterThan(store.rowCount, store.count, "long passages have several windows")
        // A question about the end of a long passage matches its last window best.
        let dense = DenseRetriever(index: index, encoder: encoder, store: store)
        let barges = try XCTUnwrap(dense.retrieve("Barges carry coal and grain upstream", limit: 1).first)
        XCTAssertEqual(barges.section, "Ships")
        let cosines = store.cosines(try XCTUnwrap(dense.questionVector("Barges carry coal")), passages: [barges.passageID, -1])
        XCTAssertEqual(cosines.count, 1, "an unknown passage has no cosine")
        XCTAssertEqual(Double(try XCTUnwrap(cosines[barges.passageID])),
                       try XCTUnwrap(dense.retrieve("Barges carry coal", limit: 1).first).score, accuracy: 1e-6)
        // Another cut: the stored vectors no longer count, and are all encoded again.
        index.vectorWindows = .wholePassage
        XCTAssertFalse(try index.vectorsAreComplete(encoder: encoder))
        XCTAssertEqual(try index.loadVectors(encoder: encoder).count, 0)
        vectors = try index.updateVectors(encoder: encoder)
        XCTAssertEqual(vectors.encoded, report.passages)
        XCTAssertEqual(try index.loadVectors(encoder: encoder).rowCount, report.passages)
    }

    func testDenseAndHybridRetrieversFindByMeaningAndSayWhatTheirScoresAre() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let encoder = HashedBagOfWords()
        _ = try index.updateVectors(encoder: encoder)
        let dense = DenseRetriever(index: index, encoder: encoder, store: try index.loadVectors(encoder: encoder))
        let hits = try dense.retrieve("countries river", limit: 3)
        XCTAssertEqual(hits.first?.documentPath, "Danube.txt")
        XCTAssertEqual(hits.first?.scoreKind, .cosine)
        XCTAssertTrue((hits.first?.score ?? 0) > 0.2 && (hits.first?.score ?? 2) <= 1.0001)
        XCTAssertEqual(hits.map(\.score), hits.map(\.score).sorted(by: >))
        let passageText = try XCTUnwrap(index.documentText(path: "Danube.txt"))
        XCTAssertEqual(ScalarText(passageText)[hits[0].range], hits[0].text)
        let hybrid = HybridRetriever(lexical: BM25Retriever(index: index), dense: dense, depth: 5)
        let fused = try hybrid.retrieve("Which glacier is largest?", limit: 2)
        XCTAssertEqual(fused.first?.documentPath, "notes.html")
        XCTAssertTrue(fused.allSatisfy { $0.scoreKind == .reciprocalRank })
        XCTAssertEqual(hybrid.scoreKind, .reciprocalRank)
        XCTAssertEqual(BM25Retriever(index: index).scoreKind, .bm25)
        let convex = HybridRetriever(lexical: BM25Retriever(index: index), dense: dense, method: .convex, depth: 5, denseWeight: 1)
        let scored = try convex.retrieve("Which glacier is largest?", limit: 3)
        XCTAssertEqual(scored.first?.documentPath, "notes.html")
        XCTAssertTrue(scored.allSatisfy { $0.scoreKind == .fused && $0.score >= 0 && $0.score <= 1 })
        XCTAssertEqual(scored.first?.score ?? 0, 1, accuracy: 1e-9, "best on both scores")
    }
}
