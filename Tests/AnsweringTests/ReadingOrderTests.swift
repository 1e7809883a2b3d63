@testable import Answering
import Retrieval
import XCTest

/// Workers reading passages side by side take the longest first, ties in rank order.
final class ReadingOrderTests: XCTestCase {
    private func hit(_ id: Int64, _ text: String) -> PassageHit {
        PassageHit(passageID: id, documentPath: "d\(id).txt", range: 0..<text.unicodeScalars.count, text: text, score: 1, scoreKind: .bm25)
    }

    func testLongestPassageFirstThenRank() {
        let hits = [hit(0, "short"), hit(1, "a much longer passage"), hit(2, "equal"), hit(3, "the longest passage of all four")]
        XCTAssertEqual(QuestionAnswerer.longestFirst(hits), [3, 1, 0, 2])
    }

    func testLengthIsInBytesSoAccentedTextCountsItsEncoding() {
        // "éé" is 4 UTF-8 bytes, "abc" 3: the byte count stands in for the tokens to read.
        XCTAssertEqual(QuestionAnswerer.longestFirst([hit(0, "abc"), hit(1, "éé")]), [1, 0])
        XCTAssertEqual(QuestionAnswerer.longestFirst([]), [])
    }
}
