@testable import Documents
import Foundation
import XCTest

/// PowerPoint 97–2003 read without catppt: the OLE container (`CompoundFile`) and the text
/// atoms of its "PowerPoint Document" stream (`PowerPointText`), on the fixture
/// Scripts/make-tool-fixtures.py writes and on damaged or hostile variants of it.
final class PowerPointTextTests: XCTestCase {
    static let survey = try! [UInt8](Data(contentsOf: LegacyFormatTests.fixtures.appendingPathComponent("survey.ppt")))
    static let surveyText = "Glacier survey\n\nZoë counted 12 crevasses on the Aletsch.\n\nBudget\n\nRopes cost 450 francs."

    func testSlideTitlesAndBodiesAreReadFromBothKindsOfTextAtom() throws {
        XCTAssertEqual(try PowerPointText.text(Self.survey, maxScalars: 1 << 20), Self.surveyText)
        XCTAssertNil(try CompoundFile(Self.survey).stream(named: "WordDocument"))
    }

    static func record(_ type: UInt16, _ body: [UInt8], container: Bool = false) -> [UInt8] {
        let header: UInt16 = container ? 0x000F : 0
        return [UInt8(header & 0xFF), UInt8(header >> 8), UInt8(type & 0xFF), UInt8(type >> 8)]
            + withUnsafeBytes(of: UInt32(body.count).littleEndian, Array.init) + body
    }

    func testTheMasterSlideRepeatsAndControlCharactersAreLeftOut() {
        let utf16 = { (text: String) in text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
        let stream = Self.record(0x03E8, [
            Self.record(0x03F8, Self.record(0x0FA8, Array("Click to edit Master title style".utf8)), container: true),
            Self.record(0x0FA0, utf16("First line\rsecond\u{0B}third\u{2}")),
            Self.record(0x0FA8, Array("Caf".utf8) + [0xE9]),
            Self.record(0x0FA0, utf16("First line\rsecond\u{0B}third")),
        ].flatMap { $0 }, container: true)
        XCTAssertEqual(PowerPointText.text(stream: stream, maxScalars: 1 << 20), "First line\nsecond\nthird\n\nCafé")
        XCTAssertEqual(PowerPointText.text(stream: stream, maxScalars: 20), "", "the first text alone passes the limit")
    }

    func testRecordsThatClaimTooMuchOrNestTooDeepStayBounded() {
        // A text atom claiming 4 GB inside a 12-byte stream, and containers nested 10,000 deep.
        var claim = Self.record(0x0FA8, Array("hello".utf8))
        claim.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(PowerPointText.text(stream: claim, maxScalars: 100), "hello")
        var nested = Self.record(0x0FA8, Array("deep".utf8))
        for _ in 0..<10_000 { nested = Self.record(0x0FF0, nested, container: true) }
        XCTAssertEqual(PowerPointText.text(stream: nested, maxScalars: 100), "", "deeper than maxDepth: not read")
    }

    func testALoopingOrOutOfRangeSectorChainIsDamagedNotAHang() throws {
        let fatSector = Int(CompoundFile.u32(Self.survey, 0x4C)), directory = Int(CompoundFile.u32(Self.survey, 0x30))
        var looping = Self.survey
        let entry = (fatSector + 1) * 512 + 4 * directory
        looping.replaceSubrange(entry..<entry + 4, with: withUnsafeBytes(of: UInt32(directory).littleEndian, Array.init))
        XCTAssertThrowsError(try CompoundFile(looping)) { XCTAssertEqual($0 as? CompoundFile.Failure, .damaged("a sector chain loops")) }
        var outside = Self.survey
        outside.replaceSubrange(0x30..<0x34, with: [0x00, 0x00, 0x01, 0x00])
        XCTAssertThrowsError(try CompoundFile(outside)) { XCTAssertEqual($0 as? CompoundFile.Failure, .damaged("sector 65536 outside the file")) }
        XCTAssertThrowsError(try CompoundFile(Array("not an OLE file".utf8))) { XCTAssertEqual($0 as? CompoundFile.Failure, .notCompoundFile) }
        XCTAssertThrowsError(try CompoundFile(Array(Self.survey.prefix(600)))) { XCTAssertNotNil($0 as? CompoundFile.Failure) }
    }
}

/// The loader reads a .ppt itself when catppt is missing or prints nothing.
extension LegacyFormatTests {
    func testPowerPointIsReadWithoutCatppt() throws {
        try withPATH {
            XCTAssertEqual(try loaded(try load("survey.ppt", fixture: "survey.ppt")).text, PowerPointTextTests.surveyText)
        }
    }

    func testPowerPointThatCatpptPrintsNothingForIsReadByTheBuiltInReader() throws {
        try tool("catppt", "cat >/dev/null; exit 0")
        try withPATH {
            XCTAssertEqual(try loaded(try load("survey.ppt", fixture: "survey.ppt")).text, PowerPointTextTests.surveyText)
            // An OLE file without a PowerPoint stream stays catppt's "empty".
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("family.doc"), to: folder.appendingPathComponent("docs/words.ppt"))
        }
        try withPATH {
            let skip = try skipped(try load("words.ppt"))
            XCTAssertEqual(skip.reason, .empty)
        }
    }
}

/// A .pptx without slides: empty when it is a presentation, unreadable when it is no PowerPoint file.
final class EmptyPresentationTests: XCTestCase {
    func testAPresentationWithoutSlidesIsEmpty() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-pptx-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try ZipWriter.write(folder.appendingPathComponent("template.pptx"), [("ppt/presentation.xml", "<p:presentation/>")])
        try ZipWriter.write(folder.appendingPathComponent("other.pptx"), [("word/document.xml", "<w:document/>")])
        let walk = try FolderWalker.walk(folder)
        let outcomes = Dictionary(uniqueKeysWithValues: walk.files.map { ($0.relativePath, DocumentLoader.load($0)) })
        guard case let .skipped(template)? = outcomes["template.pptx"], case let .skipped(other)? = outcomes["other.pptx"] else {
            return XCTFail("\(outcomes)")
        }
        XCTAssertEqual(template.reason, .empty)
        XCTAssertEqual(other.reason, .unreadable)
        XCTAssertEqual(other.detail, "no slides (not a PowerPoint file)")
    }
}
