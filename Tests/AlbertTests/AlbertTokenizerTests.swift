import Albert
import XCTest

final class AlbertTokenizerTests: XCTestCase {
    static let tokenizer = try! AlbertTokenizer(modelURL: Fixtures.spieceModel)
    var tokenizer: AlbertTokenizer { Self.tokenizer }

    func testEveryFixtureCaseGivesHuggingFacesPiecesAndIds() throws {
        let cases = try XCTUnwrap(Fixtures.json("tokenizer-cases.json")["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 163)
        for testCase in cases {
            let text = try XCTUnwrap(testCase["text"] as? String)
            let tokens = tokenizer.tokenize(text)
            XCTAssertEqual(tokens.pieces, testCase["pieces"] as? [String], "pieces of \(text.debugDescription)")
            XCTAssertEqual(tokens.ids, (testCase["ids"] as? [Any])?.int32s, "ids of \(text.debugDescription)")
        }
    }

    func testPairsGiveHuggingFacesInputIdsAndTokenTypes() throws {
        let pairs = try XCTUnwrap(Fixtures.json("tokenizer-cases.json")["pairs"] as? [[String: Any]])
        XCTAssertEqual(pairs.count, 3)
        for pair in pairs {
            let encoded = tokenizer.encodePair(question: pair["question"] as! String, context: pair["context"] as! String)
            XCTAssertEqual(encoded.inputIds, (pair["input_ids"] as? [Any])?.int32s)
            XCTAssertEqual(encoded.tokenTypeIds, (pair["token_type_ids"] as? [Any])?.int32s)
        }
    }

    func testOffsetsPointAtTheOriginalText() {
        let text = "  Café  naïve, in 1973, ``quoted''  text"
        let tokens = tokenizer.tokenize(text)
        let scalars = Array(text.unicodeScalars)
        func original(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        let surfaces = tokens.ranges.map(original)
        // Every token covers original text, never the whitespace before it.
        for (piece, surface) in zip(tokens.pieces, surfaces) where piece != "▁" {
            XCTAssertFalse(surface.isEmpty, "\(piece) has no surface")
            XCTAssertFalse(surface.first!.isWhitespace, "\(piece) starts with whitespace")
        }
        XCTAssertEqual(surfaces.first, "Café")
        XCTAssertTrue(surfaces.contains("naïve") || surfaces.contains("na"), "\(surfaces)")
        // "1973," is split by HF into "▁1973" and ","; each keeps its own offsets.
        let index = try! XCTUnwrap(tokens.pieces.firstIndex(of: "▁1973"))
        XCTAssertEqual(surfaces[index], "1973")
        XCTAssertEqual(tokens.pieces[index + 1], ",")
        XCTAssertEqual(surfaces[index + 1], ",")
        // `` and '' become one '"' token standing for both original characters.
        XCTAssertTrue(surfaces.contains("``"), "\(surfaces)")
        XCTAssertTrue(surfaces.contains("''"), "\(surfaces)")
        // Ranges never go backwards.
        for (a, b) in zip(tokens.ranges, tokens.ranges.dropFirst()) {
            XCTAssertLessThanOrEqual(a.upperBound, b.lowerBound + (b.isEmpty ? 1 : 0))
        }
    }

    func testWideAndAstralCharactersKeepScalarOffsets() {
        let text = "北京 🙂 Zürich"
        let tokens = tokenizer.tokenize(text)
        let last = tokens.ranges.last!
        XCTAssertEqual(last.upperBound, text.unicodeScalars.count)
        let scalars = Array(text.unicodeScalars)
        let lastWord = tokens.ranges.filter { $0.lowerBound >= 5 }.map { String(String.UnicodeScalarView(scalars[$0])) }.joined()
        XCTAssertEqual(lastWord, "Zürich")
    }

    func testEmptyAndWhitespaceOnlyTextGiveNoTokens() {
        XCTAssertEqual(tokenizer.tokenize("").count, 0)
        XCTAssertEqual(tokenizer.tokenize(" \n\t\u{3000} ").count, 0)
    }

    func testMissingOrCorruptSentencePieceModelIsAOneLineError() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/spiece.model")
        XCTAssertThrowsError(try AlbertTokenizer(modelURL: missing)) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/spiece.model"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        let corrupt = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID()).model")
        try Data("not a model".utf8).write(to: corrupt)
        defer { try? FileManager.default.removeItem(at: corrupt) }
        XCTAssertThrowsError(try AlbertTokenizer(modelURL: corrupt)) { error in
            XCTAssertTrue("\(error)".contains(corrupt.path), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }
}
