import Documents
import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// Within one document each passage also scores its best sentence: the question's rarer words
/// held together in one sentence (`SentenceEvidence`, issue 23).
final class SentenceEvidenceTests: XCTestCase {
    var documents: DocumentFolder!
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-sentences")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    /// Lines, then sentences (an end mark before a word that does not start in lower case).
    func testSentencesAreLinesCutAtSentenceEnds() {
        let text = "First one. Second one? third stays in it.\nA heading\n\nLast (really).\" Next"
        let scalars = Array(text.unicodeScalars)
        let sentences = Chunker.sentences(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        XCTAssertEqual(sentences, ["First one.", "Second one? third stays in it.", "A heading", "Last (really).\"", "Next"])
        XCTAssertEqual(Chunker.sentences([]), [])
    }

    /// Three passages of one paper (each paragraph long enough to be a passage of its own) and
    /// a second paper that makes "virus" a common word of the folder. The passage one sentence
    /// of which holds the question's words (stemmed as BM25 stems them: "viroporins" finds
    /// "viroporin", "activate" finds "activates") scores 1; one that holds them in different
    /// sentences scores less; one that holds only the folder's common word scores least.
    func testTheBestSentenceHoldingTheQuestionsRareWordsScoresHighest() throws {
        let filler = String(repeating: "The samples were kept cold and counted twice by two people. ", count: 8)
        try documents.write("paper.txt", [
            "Viroporins were described long ago. " + filler + "Later work found that the inflammasome is a complex. " + filler,
            "In this work viroporin 3a activates the NLRP3 inflammasome in macrophages. " + filler,
            "The virus spread quickly in the virus season. " + filler,
        ].joined(separator: "\n\n"))
        try documents.write("other.txt", (1...4).map { "Another virus story number \($0). " + filler }.joined(separator: "\n\n"))
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let scope = try index.resolve(.document("paper.txt"))
        let reading = scope.passageIDs.sorted()
        XCTAssertEqual(reading.count, 3)
        let evidence = SentenceEvidence(index: index, passages: reading)
        let (scores, hits) = try evidence.scores(for: "What do viroporins activate in the inflammasome of a virus?")
        XCTAssertEqual(Set(hits.keys), Set(reading), "every passage of the scope comes with its hit")
        XCTAssertEqual(scores[reading[1]] ?? 0, 1, accuracy: 1e-12)
        let spread = try XCTUnwrap(scores[reading[0]])
        let common = try XCTUnwrap(scores[reading[2]])
        XCTAssertLessThan(spread, 1)
        XCTAssertLessThan(common, spread)
        XCTAssertGreaterThan(common, 0)
        // A question without words, or one whose words no sentence holds, scores nothing.
        XCTAssertEqual(try evidence.scores(for: "?!").scores, [:])
        XCTAssertEqual(try evidence.scores(for: "zebra giraffe").scores, [:])
    }

    /// Inverse document frequencies of stems over the folder's passages: BM25's with + 1 inside
    /// the log ("Rivers" and "river" are one stem).
    func testInverseDocumentFrequencyCountsPassagesHoldingTheStem() throws {
        try documents.write("a.txt", "Rivers flow. " + String(repeating: "Water is wet. ", count: 30))
        try documents.write("b.txt", "A river is long. " + String(repeating: "Stones are hard. ", count: 30))
        try documents.write("c.txt", "Mountains are high. " + String(repeating: "Stones are hard. ", count: 30))
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        XCTAssertEqual(try index.counts().passages, 3)
        let weights = try index.inverseDocumentFrequencies(of: ["river", "mountain", "zebra"])
        XCTAssertEqual(try XCTUnwrap(weights["river"]), log((3 - 2 + 0.5) / (2 + 0.5) + 1), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(weights["mountain"]), log((3 - 1 + 0.5) / (1 + 0.5) + 1), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(weights["zebra"]), log(3.5 / 0.5 + 1), accuracy: 1e-12)
    }

    /// The third score of the convex fusion: (bm25 + w × cosine + s × sentence) / (1 + w + s),
    /// and a passage neither list found competes on its sentence alone.
    func testConvexFusionWithASentenceScore() {
        func hit(_ id: Int64, _ score: Double, _ kind: RetrievalScoreKind = .bm25) -> PassageHit {
            PassageHit(passageID: id, documentPath: "paper.txt", range: 0..<1, text: "p\(id)", score: score, scoreKind: kind)
        }
        let lexical = [hit(1, 10), hit(2, 5), hit(3, 0)]  // → 1, 0.5, 0
        let dense = [hit(2, 0.9, .cosine), hit(1, 0.1, .cosine)]  // → 1, 0
        let sentences: [Int64: Double] = [3: 1, 2: 0.25, 7: 0.9]
        let fused = RankFusion.convex(lexical: lexical, dense: dense, cosines: [:], denseWeight: 1, sentences: sentences,
                                      sentenceWeight: 2, sentenceHits: [7: hit(7, 0, .cosine)], limit: 10)
        // 1: 1/4; 2: (0.5 + 1 + 0.5)/4 = 0.5; 3: (0 + 0 + 2)/4 = 0.5 (tie: lexical order); 7: 1.8/4.
        XCTAssertEqual(fused.map(\.passageID), [2, 3, 7, 1])
        XCTAssertEqual(fused[2].score, 0.45, accuracy: 1e-12)
        XCTAssertEqual(fused[3].score, 0.25, accuracy: 1e-12)
        XCTAssertTrue(fused.allSatisfy { $0.scoreKind == .fused })
        // Weight 0, or no sentence scores: the two-score fusion, sentence-only passages left out.
        let plain = RankFusion.convex(lexical: lexical, dense: dense, cosines: [:], denseWeight: 1, limit: 10)
        let weightless = RankFusion.convex(lexical: lexical, dense: dense, cosines: [:], denseWeight: 1, sentences: sentences,
                                           sentenceWeight: 0, sentenceHits: [7: hit(7, 0)], limit: 10)
        XCTAssertEqual(weightless.map(\.passageID), plain.map(\.passageID))
        XCTAssertEqual(plain.map(\.passageID), [2, 1, 3])
    }

    /// Through the hybrid retriever: within the paper, the passage one sentence of which holds
    /// the question's words outranks one that repeats them in separate sentences (which BM25
    /// prefers), and every hit stays in the scope.
    func testHybridWithinADocumentUsesTheSentenceScore() throws {
        let filler = String(repeating: "The samples were kept cold and counted twice by two people. ", count: 8)
        try documents.write("paper.txt", [
            "Sheep graze on farms. Toltrazuril is a drug. Sheep are counted. Eimeria is common. Sheep are shorn. "
                + "The Norwegian winter is long. Toltrazuril is cheap. Eimeria is a parasite. " + filler,
            "In the trial toltrazuril reduced Eimeria in Norwegian lambs. " + filler + filler,
        ].joined(separator: "\n\n"))
        try documents.write("other.txt", "Goats graze. " + filler)
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let encoder = HashedBagOfWords()
        _ = try index.updateVectors(encoder: encoder)
        let store = try index.loadVectors(encoder: encoder)
        let scope = try index.resolve(.document("paper.txt"))
        let reading = scope.passageIDs.sorted()
        XCTAssertEqual(reading.count, 2)
        let document = HybridSettings.default.within(passages: reading.count)
        XCTAssertGreaterThan(document.sentenceWeight, 0)
        var hybrid = HybridRetriever(lexical: BM25Retriever(index: index, scope: scope),
                                     dense: DenseRetriever(index: index, encoder: encoder, store: store, scope: scope), settings: document)
        (hybrid.lexicalPlaces, hybrid.denseWeight) = ([], 0)
        let question = "Did toltrazuril reduce Eimeria in Norwegian sheep?"
        XCTAssertEqual(try hybrid.retrieve(question, limit: 10).first?.passageID, reading.first, "without sentences: BM25's choice")
        hybrid.sentences = SentenceEvidence(index: index, passages: reading)
        let hits = try hybrid.retrieve(question, limit: 10)
        XCTAssertEqual(hits.first?.passageID, reading.last)
        XCTAssertEqual(Set(hits.map(\.passageID)), scope.passageIDs)
    }
}
