import Documents
import Retrieval
import XCTest

final class ChunkerTests: XCTestCase {
    func words(_ text: String) -> Int { text.split(whereSeparator: { $0.isWhitespace }).count }

    func assertPassagesAreExactSlices(_ text: String, _ options: ChunkingOptions, line: UInt = #line) -> [String] {
        let ranges = Chunker.chunk(text, options: options)
        let slicer = ScalarText(text)
        let passages = ranges.map { slicer[$0] }
        for passage in passages {
            XCTAssertLessThanOrEqual(words(passage), options.maxWords, line: line)
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
