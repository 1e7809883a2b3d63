import Documents
@testable import Retrieval
import XCTest

final class ChunkerTests: XCTestCase {
    func words(_ text: String) -> Int { text.split(whereSeparator: { $0.isWhitespace }).count }

    func assertPassagesAreExactSlices(_ text: String, _ options: ChunkingOptions, line: UInt = #line) -> [String] {
        let ranges = Chunker.chunk(text, options: options)
        let slicer = ScalarText(text)
        let passages = ranges.map { slicer[$0] }
        for passage in passages {
            XCTAssertLessThanOrEqual(words(passage), options.maxWords, line: line)
            XCTAssertLessThanOrEqual(passage.unicodeScalars.count, options.maxCharacters, line: line)
            XCTAssertEqual(passage, passage.trimmingCharacters(in: .whitespacesAndNewlines), line: line)
            XCTAssertFalse(passage.isEmpty, line: line)
        }
        return passages
    }

    func testParagraphsStayWholeAndShortOnesJoinTheNext() {
        let text = "Heading\n\nThe first paragraph has several words in it. It ends here.\n\n  \nSecond paragraph, also fine.\n"
        let options = ChunkingOptions(maxWords: 50, overlapSentences: 1, minWords: 5)
        let passages = assertPassagesAreExactSlices(text, options)
        XCTAssertEqual(passages, [
            "Heading\n\nThe first paragraph has several words in it. It ends here.",
            "Second paragraph, also fine.",
        ])
    }

    func testLongParagraphsAreCutAtSentencesWithOneSentenceOverlap() {
        let sentences = (1...12).map { "Sentence number \($0) has exactly seven words." }
        let text = sentences.joined(separator: " ")
        let passages = assertPassagesAreExactSlices(text, ChunkingOptions(maxWords: 30, overlapSentences: 1))
        XCTAssertGreaterThan(passages.count, 2)
        XCTAssertTrue(passages[0].hasPrefix("Sentence number 1 "))
        // Each passage starts with the last sentence of the one before.
        for (a, b) in zip(passages, passages.dropFirst()) {
            let lastSentence = a.components(separatedBy: ". ").last!
            XCTAssertTrue(b.hasPrefix(lastSentence.hasSuffix(".") ? lastSentence : lastSentence + "."), "\(a) | \(b)")
        }
        XCTAssertTrue(passages.last!.hasSuffix("Sentence number 12 has exactly seven words."))
    }

    func testAbbreviationsFollowedByLowercaseDoNotEndSentences() {
        let text = "We met e.g. at noon. Then we left."
        let passages = assertPassagesAreExactSlices(text, ChunkingOptions(maxWords: 5, overlapSentences: 0, minWords: 0))
        XCTAssertEqual(passages, ["We met e.g. at noon.", "Then we left."])
    }

    func testASentenceLongerThanAPassageIsStillCut() {
        let text = (1...100).map { "w\($0)" }.joined(separator: " ")
        let passages = assertPassagesAreExactSlices(text, ChunkingOptions(maxWords: 30))
        XCTAssertEqual(passages.count, 4)
        XCTAssertEqual(passages.joined(separator: " "), text)
    }

    func testOffsetsAreUnicodeScalarOffsets() {
        let text = "北京 is big. 🙂 Emoji here.\n\nZürich café: a second paragraph with ﬁ ligature."
        let ranges = Chunker.chunk(text, options: ChunkingOptions(maxWords: 4, overlapSentences: 0, minWords: 0))
        let scalars = Array(text.unicodeScalars)
        for range in ranges {
            let slice = String(String.UnicodeScalarView(scalars[range]))
            XCTAssertEqual(slice, ScalarText(text)[range])
        }
        XCTAssertEqual(ranges.last?.upperBound, scalars.count - 1 + 1)
    }

    func testEmptyAndWhitespaceTextHaveNoPassages() {
        XCTAssertEqual(Chunker.chunk(""), [])
        XCTAssertEqual(Chunker.chunk(" \n\n \t\n"), [])
    }
}

final class ChunkerBoundTests: XCTestCase {
    /// A 200 KB base64 blob (one unbroken token) becomes many passages, each within the
    /// character bound, exact slices of the text that together cover the whole blob.
    func testAnUnbrokenTokenIsCutIntoBoundedExactSlices() {
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<150_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let blob = Data(bytes).base64EncodedString()
        XCTAssertGreaterThanOrEqual(blob.unicodeScalars.count, 200_000)
        let text = "Header line.\n\n" + blob + "\n\nA closing sentence."
        let options = ChunkingOptions()
        XCTAssertEqual(options.maxCharacters, 2_000)
        let ranges = Chunker.chunk(text, options: options)
        let slicer = ScalarText(text)
        XCTAssertGreaterThan(ranges.count, 100)
        let scalars = Array(text.unicodeScalars)
        for range in ranges {
            XCTAssertLessThanOrEqual(range.count, options.maxCharacters)
            XCTAssertLessThanOrEqual(TokenEstimate.count(scalars, range), options.maxTokens)
        }
        let blobStart = "Header line.\n\n".unicodeScalars.count
        let blobRanges = ranges.filter { $0.lowerBound >= blobStart && $0.upperBound <= blobStart + blob.unicodeScalars.count }
        XCTAssertEqual(blobRanges.map { slicer[$0] }.joined(), blob, "the pieces are the blob, in order, nothing lost or repeated")
        XCTAssertEqual(slicer[ranges.last!], "A closing sentence.")
    }

    func testLongSentencesAreCutByCharactersToo() {
        // 300 "words" of 40 characters: fewer words than the bound, far more characters.
        let text = (0..<300).map { i in String(repeating: Character(UnicodeScalar(UInt8(97 + i % 26))), count: 40) }.joined(separator: " ")
        let options = ChunkingOptions(maxWords: 220, maxCharacters: 500, maxTokens: 10_000)
        let ranges = Chunker.chunk(text, options: options)
        let slicer = ScalarText(text)
        for range in ranges {
            XCTAssertLessThanOrEqual(range.count, 500)
            XCTAssertEqual(slicer[range], slicer[range].trimmingCharacters(in: .whitespaces))
        }
        XCTAssertEqual(ranges.map { slicer[$0] }.joined(separator: " "), text, "cut at spaces, not inside words")
    }

    func testPiecesNeverStartWithACombiningMark() {
        let word = String(repeating: "e\u{301}", count: 100)  // é as e + combining acute
        let ranges = Chunker.chunk(word, options: ChunkingOptions(maxWords: 10, maxCharacters: 25, maxTokens: 10_000))
        let scalars = Array(word.unicodeScalars)
        XCTAssertEqual(ranges.map(\.count).reduce(0, +), scalars.count)
        for range in ranges {
            XCTAssertLessThanOrEqual(range.count, 25)
            XCTAssertEqual(scalars[range.lowerBound], "e")
        }
    }

    func testProseIsStillCutByWords() {
        let sentence = "The glacier moved slowly down the valley over many centuries. "
        let text = String(repeating: sentence, count: 60)
        let byWords = Chunker.chunk(text, options: ChunkingOptions(maxWords: 220))
        let wordsOnly = Chunker.chunk(text, options: ChunkingOptions(maxWords: 220, maxCharacters: 1_000_000, maxTokens: 1_000_000))
        XCTAssertEqual(byWords, wordsOnly, "the default character and token bounds do not change how prose is cut")
    }
}

/// A small deterministic generator for test data.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
