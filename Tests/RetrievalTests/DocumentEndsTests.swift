import Foundation
import Retrieval
import XCTest

/// Within one document, a question leaning on it gets the document's first and last passages
/// at the last places of the first ten (`DocumentEnds`, issue 23).
final class DocumentEndsTests: XCTestCase {
    func hit(_ id: Int64, _ score: Double) -> PassageHit {
        PassageHit(passageID: id, documentPath: "paper.txt", range: Int(id) * 10..<Int(id) * 10 + 10, text: "passage \(id)",
                   score: score, scoreKind: .fused)
    }

    /// COVID-QA's questions: those about "this report" get the ends, a technical one does not.
    func testAppliesToQuestionsThatLeanOnTheDocument() {
        XCTAssertTrue(DocumentEnds.applies(to: "What is a conclusion of this report?"))
        XCTAssertTrue(DocumentEnds.applies(to: "What was the focus of the study?"))
        XCTAssertTrue(DocumentEnds.applies(to: "What are its symptoms?"))
        XCTAssertFalse(DocumentEnds.applies(to: "What is toltrazuril used to treat?"))
        XCTAssertFalse(DocumentEnds.applies(to: "What laboratory test can be used to monitor protein expression?"))
    }

    func testEndsAreTheFirstAndLastPassagesWithoutRepeats() {
        let shipped = DocumentEnds(first: 2, last: 1)
        XCTAssertEqual(shipped.ends(of: [11, 12, 13, 14, 15]), [11, 12, 15])
        XCTAssertEqual(shipped.ends(of: [11, 12]), [11, 12])
        XCTAssertEqual(shipped.ends(of: [7]), [7])
        XCTAssertEqual(DocumentEnds.off.ends(of: [1, 2, 3]), [])
    }

    /// A ranking of 30 passages without the ends: they take places 8, 9, 10 in their order, the
    /// ranking's 8th to 10th move down to 11–13, the inserted ones take the 7th's score.
    func testMissingEndsTakeTheLastOfTheFirstTenPlaces() throws {
        let ranked = (1...30).map { hit(Int64(100 + $0), 1 - Double($0) / 100) }
        var looked: [Int64] = []
        let placed = try DocumentEnds(first: 2, last: 1).placing([1, 2, 50], in: ranked) { ids in
            looked = ids
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, self.hit($0, 0)) })
        }
        XCTAssertEqual(looked, [1, 2, 50])
        XCTAssertEqual(placed.count, 33)
        XCTAssertEqual(placed.prefix(10).map(\.passageID), [101, 102, 103, 104, 105, 106, 107, 1, 2, 50])
        XCTAssertEqual(placed[10...12].map(\.passageID), [108, 109, 110])
        XCTAssertEqual(placed[7].score, 0.93, accuracy: 1e-9)
        XCTAssertEqual(placed[7].scoreKind, .fused)
    }

    /// An end already in the first ten stays in its place; one ranked lower is moved up, not repeated.
    func testEndsAlreadyRankedAreNotRepeated() throws {
        let ranked = (1...20).map { hit(Int64($0), 1 - Double($0) / 100) }
        let placed = try DocumentEnds(first: 2, last: 1).placing([1, 2, 20], in: ranked) { ids in
            XCTAssertEqual(ids, [])
            return [:]
        }
        XCTAssertEqual(placed.count, 20)
        XCTAssertEqual(placed.prefix(10).map(\.passageID), [1, 2, 3, 4, 5, 6, 7, 8, 9, 20])
        XCTAssertEqual(placed[10].passageID, 10)
        XCTAssertEqual(Set(placed.map(\.passageID)).count, 20)
    }

    func testShippedWithinOneDocumentOnly() {
        XCTAssertEqual(HybridSettings.default.documentEnds, DocumentEnds(first: 2, last: 1))
        XCTAssertTrue(HybridSettings.default.summary.contains("its first 2 and last 1 passages for a question leaning on it"))
    }
}
