import Albert
import Foundation
import Documents
import XCTest

/// WordPieceTokenizer gives the ids sentence-transformers feeds all-MiniLM-L6-v2 and the
/// fast tokenizer's character offsets, on the 40 texts of encoder-cases.json.
final class WordPieceTokenizerTests: XCTestCase {
    static let tokenizer = try! WordPieceTokenizer(vocabularyURL: Fixtures.encoderModel.appendingPathComponent("vocab.txt"))

    func testIdsAndOffsetsMatchHuggingFace() throws {
        let fixture = try Fixtures.json("encoder-cases.json")
        let maxLength = try XCTUnwrap(fixture["max_seq_length"] as? Int)
        let cases = try XCTUnwrap(fixture["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 40)
        var truncated = 0
        for testCase in cases {
            let text = testCase["text"] as! String
            let expectedIds = (testCase["input_ids"] as! [Any]).int32s
            XCTAssertEqual(Self.tokenizer.encode(text, maxLength: maxLength), expectedIds, text)
            let tokens = Self.tokenizer.tokenize(text)
            XCTAssertEqual(tokens.count + 2, testCase["untruncated_length"] as? Int, text)
            let expectedOffsets = (testCase["offsets"] as! [[Int]]).map { $0[0]..<$0[1] }
            XCTAssertEqual(Array(tokens.ranges.prefix(expectedOffsets.count)), expectedOffsets, text)
            let limited = Self.tokenizer.tokenize(text, limit: 5)
            XCTAssertEqual(limited.ids, Array(tokens.ids.prefix(5)), text)
            XCTAssertEqual(limited.ranges, Array(tokens.ranges.prefix(5)), text)
            if tokens.count + 2 > maxLength { truncated += 1 }
        }
        XCTAssertEqual(truncated, 1, "the long passage is truncated to max_seq_length")
    }

    /// A long text is truncated to the first 254 word pieces + [CLS] and [SEP] (and tokenised
    /// only that far).
    func testLongTextIsTruncated() {
        let long = String(repeating: "Temüjin married Börte of the Onggirat. ", count: 20_000)  // 780 kB
        let ids = Self.tokenizer.encode(long, maxLength: 256)
        XCTAssertEqual(ids.count, 256)
        XCTAssertEqual(ids.first, Self.tokenizer.clsID)
        XCTAssertEqual(ids.last, Self.tokenizer.sepID)
        XCTAssertEqual(Array(ids[1..<255]), Self.tokenizer.tokenize(String(long.prefix(2_000))).ids.prefix(254).map { $0 })
    }

    /// Offsets point into the original text: each word piece's text is found there, lowercased
    /// and without accents.
    func testOffsetsSliceTheOriginalText() {
        let text = "  Temüjin MARRIED Börte\t(Onggirat)."
        let tokens = Self.tokenizer.tokenize(text)
        let slices = tokens.ranges.map { ScalarText(text)[$0] }
        XCTAssertEqual(tokens.pieces, ["te", "##mu", "##jin", "married", "bo", "##rte", "(", "on", "##gg", "##ira", "##t", ")", "."])
        XCTAssertEqual(slices, ["Te", "mü", "jin", "MARRIED", "Bö", "rte", "(", "On", "gg", "ira", "t", ")", "."])
    }

    func testRefusesAVocabularyThatIsNotARegularFileOrTooBig() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-vocab-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        XCTAssertThrowsError(try WordPieceTokenizer(vocabularyURL: directory)) { error in
            XCTAssertTrue("\(error)".contains("must be a regular file"), "\(error)")
        }
        let fifo = directory.appendingPathComponent("fifo.txt")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        XCTAssertThrowsError(try WordPieceTokenizer(vocabularyURL: fifo)) { error in
            XCTAssertTrue("\(error)".contains("must be a regular file"), "\(error)")
        }
        let big = directory.appendingPathComponent("big.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(WordPieceTokenizer.maxVocabularyBytes + 1))
        try handle.close()
        XCTAssertThrowsError(try WordPieceTokenizer(vocabularyURL: big)) { error in
            XCTAssertTrue("\(error)".contains("too large"), "\(error)")
        }
        let noSpecials = directory.appendingPathComponent("vocab.txt")
        try Data("[PAD]\nhello\nworld\n".utf8).write(to: noSpecials)
        XCTAssertThrowsError(try WordPieceTokenizer(vocabularyURL: noSpecials)) { error in
            XCTAssertEqual("\(error)", "\(noSpecials.path): has no [CLS] token: not a BERT WordPiece vocabulary")
        }
        XCTAssertThrowsError(try WordPieceTokenizer(vocabularyURL: directory.appendingPathComponent("missing.txt"))) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
    }

    /// A small vocabulary shows the greedy longest match, [UNK] and the 100-character limit.
    func testGreedyLongestMatchFirst() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-vocab-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nun\r\n##aff\r\n##able\r\n##a\r\nunaff\r\n,\r\n".utf8).write(to: url)
        let tokenizer = try WordPieceTokenizer(vocabularyURL: url)
        XCTAssertEqual(tokenizer.clsID, 2)
        XCTAssertEqual(tokenizer.tokenize("UNAFFABLE, unx").pieces, ["unaff", "##able", ",", "[UNK]"])
        XCTAssertEqual(tokenizer.tokenize("un" + String(repeating: "a", count: 99)).pieces, ["[UNK]"])
        XCTAssertEqual(tokenizer.tokenize("un" + String(repeating: "a", count: 98)).count, 99)
        XCTAssertEqual(tokenizer.encode("un un un", maxLength: 4), [2, 4, 4, 3])
    }
}
