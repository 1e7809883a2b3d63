import Documents
import Foundation
import XCTest

final class HyphenJoinerTests: XCTestCase {
    func testAWordOfTheDocumentIsRejoinedAndTheLineBreakMovesAfterIt() {
        let result = HyphenJoiner.join("This is im-\nportant for us.\nImportant, they said.")
        XCTAssertEqual(result.text, "This is important\nfor us.\nImportant, they said.")
        XCTAssertEqual(result.joined, 1)
        XCTAssertEqual(result.kept, 0)
    }

    func testCompoundsStayCompoundsAndUnknownBreaksStay() {
        let text = "A well-\nknown fact: well-known, and sugar-\nfree cakes.\nstate-of-the-\nart state-of-the-art"
        let result = HyphenJoiner.join(text)
        XCTAssertEqual(result.text, "A well-known\nfact: well-known, and sugar-\nfree cakes.\nstate-of-the-art\nstate-of-the-art")
        XCTAssertEqual(result.joinedAsCompound, 2)
        XCTAssertEqual(result.kept, 1)
        XCTAssertEqual(result.joined, 0)
    }

    func testSoftHyphensAlwaysJoinAndInLineHyphensAreLeft() {
        XCTAssertEqual(HyphenJoiner.join("a remark\u{AD}\nable day").text, "a remarkable\nday")
        XCTAssertEqual(HyphenJoiner.join("an e-mail, a x - y, 3-4 and -\nitems").text, "an e-mail, a x - y, 3-4 and -\nitems")
        XCTAssertEqual(HyphenJoiner.join("no hyphens here").text, "no hyphens here")
    }

    func testPageBreaksKeepTheirPlaceBetweenTheSameWords() {
        // A word cut by the page end: the form feed follows the joined word, page 2 starts
        // with the next word; the count of form feeds is unchanged.
        let text = "Page one ends im-\n\u{0C}portant words start page two.\nimportant\n\u{0C}"
        let joined = HyphenJoiner.join(text).text
        XCTAssertEqual(joined, "Page one ends important\n\u{0C}words start page two.\nimportant\n\u{0C}")
        XCTAssertEqual(joined.unicodeScalars.filter { $0 == "\u{0C}" }.count, 2)
        let page2 = joined.range(of: "words start")!.lowerBound
        let offset = joined.unicodeScalars.distance(from: joined.unicodeScalars.startIndex, to: page2)
        XCTAssertEqual(TextPositions.position(of: offset, in: joined).page, 2)
        XCTAssertEqual(TextPositions.position(of: 14, in: joined).page, 1, "the joined word starts on page one")
        // At the end of the text or a paragraph, the line break is dropped, never doubled.
        XCTAssertEqual(HyphenJoiner.join("impor-\ntant.\n\nimportant").text, "important.\n\nimportant")
    }

    func testAnotherFormOfTheWordIsEnough() {
        XCTAssertEqual(HyphenJoiner.join("two organiza-\ntions; one organization").text, "two organizations;\none organization")
        XCTAssertEqual(HyphenJoiner.join("it was repli-\ncated; replicating it").text, "it was replicated;\nreplicating it")
        // Fragments that only share a short stem are not joined.
        XCTAssertEqual(HyphenJoiner.join("a ca-\nre and cars").text, "a ca-\nre and cars")
    }

    func testCaseDoesNotMatterAndNonLatinWordsJoin() {
        XCTAssertEqual(HyphenJoiner.join("Inter-\nnational law; INTERNATIONAL").text, "International\nlaw; INTERNATIONAL")
        XCTAssertEqual(HyphenJoiner.join("Straßen-\nbahn fährt, die Straßenbahn").text, "Straßenbahn\nfährt, die Straßenbahn")
    }

    /// Through pdftotext: a break inside a page and one across the page end.
    func testAPDFsBrokenWordsAreFoundWithTheirPagesRight() throws {
        try XCTSkipIf(DocumentLoader.pdftotextPath == nil, "pdftotext is not installed")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-hyphens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each page's text is one `Tj`; ") Tj 0 -14 Td (" starts a new line within it.
        let pages = ["Glacier ice is im-) Tj 0 -14 Td (portant to rivers, and the ice is impor-",
                     "tant again here. Important water.", "Sugar-) Tj 0 -14 Td (free cakes."]
        try TextPositionTests.pdf(pages: pages).write(to: folder.appendingPathComponent("ice.pdf"))
        let file = try XCTUnwrap(try FolderWalker.walk(folder).files.first)
        guard case let .loaded(document) = DocumentLoader.load(file) else { return XCTFail("not loaded") }
        XCTAssertEqual(document.text, "Glacier ice is important\nto rivers, and the ice is important\n\u{0C}\nagain here. Important water.\n\u{0C}\nSugar-\nfree cakes.")
        // The word cut by the page end is on the page where it starts.
        let cutWord = document.text.unicodeScalars.count - "important\n\u{0C}\nagain here. Important water.\n\u{0C}\nSugar-\nfree cakes.".unicodeScalars.count
        XCTAssertEqual(TextPositions.position(of: cutWord, in: document.text).page, 1)
        let pageTwo = document.text.unicodeScalars.distance(from: document.text.unicodeScalars.startIndex,
                                                             to: document.text.range(of: "again here")!.lowerBound.samePosition(in: document.text.unicodeScalars)!)
        XCTAssertEqual(TextPositions.position(of: pageTwo, in: document.text).page, 2)
        let pageThree = document.text.unicodeScalars.count - "Sugar-\nfree cakes.".unicodeScalars.count
        XCTAssertEqual(TextPositions.position(of: pageThree, in: document.text).page, 3)
    }
}
