import Albert
import XCTest

final class QAFeatureTests: XCTestCase {
    func testWindowsAdvanceByTheStrideAndCoverTheContext() {
        let question: [Int32] = Array(repeating: 7, count: 70)  // truncated to 64
        let context: [Int32] = (0..<700).map { 100 + Int32($0) }
        let options = FeatureOptions()
        let features = QAFeatureBuilder.features(question: question, context: context, clsID: 2, sepID: 3, options: options)
        let maxContext = 384 - 64 - 3
        XCTAssertEqual(features.map(\.window.lowerBound), [0, 128, 256, 384])
        XCTAssertEqual(features[0].window.count, maxContext)
        XCTAssertEqual(features.last?.window.upperBound, 700)
        for feature in features {
            XCTAssertLessThanOrEqual(feature.inputIds.count, 384)
            XCTAssertEqual(feature.inputIds.first, 2)
            XCTAssertEqual(feature.inputIds[65], 3)
            XCTAssertEqual(feature.inputIds.last, 3)
            XCTAssertEqual(feature.contextOffset, 66)
            XCTAssertEqual(feature.tokenTypeIds.filter { $0 == 0 }.count, 66)
        }
        // Each context token is "max context" in exactly one window.
        for token in context.indices {
            let owners = features.filter { $0.window.contains(token) && $0.tokenIsMaxContext[token - $0.window.lowerBound] }
            XCTAssertEqual(owners.count, 1, "token \(token)")
        }
        // Token 200 is in windows 0 (left 200, right 116) and 1 (left 72, right 244): window 0 wins.
        XCTAssertTrue(features[0].tokenIsMaxContext[200])
        XCTAssertEqual(features[1].contextToken(at: 66 + 72), 200)
    }

    /// RoBERTa's layout: `<s> q </s></s> c </s>`, four special tokens, no token types.
    func testRobertaLayoutHasFourSpecialTokensAndNoTypes() {
        let question: [Int32] = Array(repeating: 7, count: 10)
        let context: [Int32] = (0..<500).map { 100 + Int32($0) }
        let features = QAFeatureBuilder.features(question: question, context: context,
                                                 layout: .roberta(bosID: 0, eosID: 2, padID: 1))
        XCTAssertEqual(features[0].window.count, 384 - 10 - 4)
        XCTAssertEqual(features.map(\.window.lowerBound), [0, 128, 256])
        for feature in features {
            XCTAssertEqual(feature.inputIds.count, feature.window.count + 14)
            XCTAssertEqual(Array(feature.inputIds[0..<1]), [0])
            XCTAssertEqual(Array(feature.inputIds[11..<13]), [2, 2])
            XCTAssertEqual(feature.inputIds.last, 2)
            XCTAssertEqual(feature.contextOffset, 13)
            XCTAssertEqual(feature.inputIds[13], context[feature.window.lowerBound])
            XCTAssertTrue(feature.tokenTypeIds.allSatisfy { $0 == 0 })
        }
        // DistilBERT's: BERT's special tokens, no types.
        let distilbert = QAFeatureBuilder.features(question: question, context: Array(context.prefix(20)),
                                                   layout: .bert(clsID: 101, sepID: 102, padID: 0, usesTokenTypes: false))
        XCTAssertEqual(distilbert[0].inputIds.count, 33)
        XCTAssertEqual(distilbert[0].contextOffset, 12)
        XCTAssertTrue(distilbert[0].tokenTypeIds.allSatisfy { $0 == 0 })
    }

    func testSpanDecoderKeepsOnlyValidSpans() {
        let feature = QAFeature(inputIds: [2, 10, 3, 20, 21, 22, 3], tokenTypeIds: [0, 0, 0, 1, 1, 1, 1],
                                contextOffset: 3, window: 0..<3, tokenIsMaxContext: [true, true, true])
        var start: [Float] = [5, 9, 0, 1, 4, 0, 8]
        var end: [Float] = [5, 9, 0, 0, 1, 6, 8]
        let decoder = SpanDecoder(nBest: 20, maxAnswerTokens: 2)
        let candidates = decoder.candidates(feature: feature, logits: SpanLogits(start: start, end: end))
        // Question tokens, [SEP] and spans over 2 tokens or reversed are never candidates.
        XCTAssertTrue(candidates.allSatisfy { $0.startToken <= $0.endToken && $0.endToken - $0.startToken < 2 })
        XCTAssertEqual(candidates.max { $0.score < $1.score }.map { [$0.startToken, $0.endToken] }, [1, 2])
        start[0] = 100; end[0] = 100
        XCTAssertEqual(SpanDecoder.nullScore(SpanLogits(start: start, end: end)), 200)
    }
}
