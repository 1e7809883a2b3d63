import Foundation
@testable import Retrieval
import XCTest

/// Pseudo-relevance feedback for BM25: which words are added, how the two BM25 lists mix, and
/// that the hybrid retriever asks the second query and fuses its list.
final class QueryExpansionTests: XCTestCase {
    func hit(_ id: Int64, _ score: Double, text: String = "t") -> PassageHit {
        PassageHit(passageID: id, documentPath: "d\(id).txt", range: 0..<1, text: text, score: score, scoreKind: .bm25)
    }

    func testTermsWeighEachPassagesWordsByItsLengthAndSkipTheQuestionsStopWordsNumbersAndShortWords() {
        // Passage 1 has 9 words: temujin 1/9, borte 2/9, bore 1/9, sons 1/9 (married is asked,
        // him and in are stop words, 1184 a number). Passage 2 has 5: sons, temujin, jochi 1/5
        // each (of a stop word, ox too short). Totals: temujin = sons 0.311 (temujin seen
        // first), borte 0.222, jochi 0.2, bore 0.111.
        let feedback = ["Temujin married Borte; Borte bore him sons in 1184.", "Sons of Temujin: Jochi, ox."]
        let question = "Who married Genghis Khan?"
        XCTAssertEqual(QueryExpansion.terms(for: question, feedback: feedback, count: 4), ["temujin", "sons", "borte", "jochi"])
        XCTAssertEqual(QueryExpansion.terms(for: question, feedback: feedback, count: 10), ["temujin", "sons", "borte", "jochi", "bore"])
        XCTAssertEqual(QueryExpansion.terms(for: question, feedback: feedback, count: 0), [])
        XCTAssertEqual(QueryExpansion.terms(for: question, feedback: ["", "Khan, Genghis: 1162."], count: 5), [], "nothing new to add")
    }

    func testMergeNormalisesBothListsAndWeighsTheExpandedOne() {
        // Original 10, 6, 2 → 1, 0.5, 0; expanded 9, 5, 1 (passages 3, 4, 1) → 1, 0.5, 0.
        let original = [hit(1, 10), hit(2, 6), hit(3, 2)]
        let expanded = [hit(3, 9), hit(4, 5), hit(1, 1)]
        let quarter = QueryExpansion.merge(original: original, expanded: expanded, weight: 0.25)
        XCTAssertEqual(quarter.map(\.passageID), [1, 2, 3, 4], "the original's order, then what only the expansion found")
        let expected = [1 / 1.25, 0.5 / 1.25, 0.25 / 1.25, 0.125 / 1.25]
        for (hit, score) in zip(quarter, expected) { XCTAssertEqual(hit.score, score, accuracy: 1e-12) }
        XCTAssertTrue(quarter.allSatisfy { $0.scoreKind == .bm25 })
        let even = QueryExpansion.merge(original: original, expanded: expanded, weight: 1)
        XCTAssertEqual(even.map(\.score), [0.5, 0.25, 0.5, 0.25])
        XCTAssertEqual(QueryExpansion.merge(original: original, expanded: [], weight: 0.25).map(\.score), [0.8, 0.4, 0])
    }

    /// Answers from fixed lists and records what it was asked.
    final class ScriptedRetriever: PassageRetriever {
        var asked: [String] = []
        let answer: (String) -> [PassageHit]
        var scoreKind: RetrievalScoreKind { .bm25 }
        init(_ answer: @escaping (String) -> [PassageHit]) { self.answer = answer }
        func retrieve(_ question: String, limit: Int) throws -> [PassageHit] {
            asked.append(question)
            return Array(answer(question).prefix(limit))
        }
    }

    func testHybridAsksTheExpandedQueryAndFusesItsList() throws {
        // BM25 alone ranks 1 (about the first wife's father) over 2; the expanded query
        // ("borte", the word its first passage repeats) finds 3, which the dense list also likes.
        let lexical = ScriptedRetriever { query in
            query.contains("borte")
                ? [self.hit(3, 12), self.hit(1, 6), self.hit(2, 1)]
                : [self.hit(1, 10, text: "Borte, Borte: Dei Sechen's daughter."), self.hit(2, 8)]
        }
        let dense = ScriptedRetriever { _ in [self.hit(3, 0.9), self.hit(2, 0.5), self.hit(1, 0.4)] }
        var hybrid = HybridRetriever(lexical: lexical, dense: dense, method: .convex, depth: 5, denseWeight: 1)
        let plain = try hybrid.retrieve("Genghis Khan wife", limit: 3)
        XCTAssertEqual(lexical.asked, ["Genghis Khan wife"])
        // Without expansion 3 has no BM25 score: 1: (1 + 0) / 2, 3: (0 + 1) / 2 (tie: lexical first), 2: (0 + 0.2) / 2.
        XCTAssertEqual(plain.map(\.passageID), [1, 3, 2])
        hybrid.expansion = QueryExpansion.Settings(passages: 1, terms: 2, weight: 1)
        let expanded = try hybrid.retrieve("Genghis Khan wife", limit: 3)
        XCTAssertEqual(lexical.asked.last, "genghis khan wife borte dei", "the question's words, then the feedback's")
        // Merged BM25 (weight 1): 1: (1 + 5/11) / 2 = 16/22, 2: 0, 3: (0 + 1) / 2; renormalised
        // 1, 0, 11/16. Fused with cosines 0.4, 0.5, 0.9 → 0, 0.2, 1: 3 (27/32) above 1 (0.5) above 2 (0.1).
        XCTAssertEqual(expanded.map(\.passageID), [3, 1, 2])
        for (hit, score) in zip(expanded, [27.0 / 32, 0.5, 0.1]) { XCTAssertEqual(hit.score, score, accuracy: 1e-9) }
        hybrid.method = .reciprocalRank
        let askedBefore = lexical.asked.count
        _ = try hybrid.retrieve("Genghis Khan wife", limit: 3)
        XCTAssertEqual(lexical.asked.count, askedBefore + 1, "rank fusion does not expand")
    }
}
