import Documents
import XCTest

final class TextPositionTests: XCTestCase {
    func testLinesColumnsBytesAndPages() {
        let text = "first line\nsecond: café Nairobi\n\u{0C}\npage two"
        let positions = TextPositions(text)
        XCTAssertEqual(positions.position(at: 0), TextPosition(line: 1, column: 1, byteColumn: 1, page: 1))
        // "Nairobi" on line 2 after "second: café " (13 characters, 14 bytes: é is two).
        let nairobi = Array(text.unicodeScalars).firstIndex(of: "N")!
        XCTAssertEqual(positions.position(at: nairobi), TextPosition(line: 2, column: 14, byteColumn: 15, page: 1))
        let pageTwo = text.unicodeScalars.count - "page two".unicodeScalars.count
        XCTAssertEqual(positions.position(at: pageTwo), TextPosition(line: 4, column: 1, byteColumn: 1, page: 2))
        XCTAssertEqual(positions.pageCount, 2)
        // The newline itself belongs to the line it ends; offsets past the end clamp.
        XCTAssertEqual(positions.position(at: 10).line, 1)
        XCTAssertEqual(positions.position(at: 11).line, 2)
        XCTAssertEqual(positions.position(at: 10_000).line, 4)
        XCTAssertEqual(TextPositions.position(of: nairobi, in: text), positions.position(at: nairobi))
    }

    func testAPDFKeepsItsPageBreaks() throws {
        try XCTSkipIf(DocumentLoader.pdftotextPath == nil, "pdftotext is not installed")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("three.pdf")
        try Self.pdf(pages: ["The first page is about rivers.", "The second page is about lakes.", "The Aletsch Glacier is 23 kilometres long."]).write(to: url)
        let file = try XCTUnwrap(try FolderWalker.walk(folder).files.first)
        guard case let .loaded(document) = DocumentLoader.load(file) else { return XCTFail("not loaded") }
        let range = try XCTUnwrap(document.text.range(of: "23 kilometres"))
        let offset = document.text.unicodeScalars.distance(from: document.text.unicodeScalars.startIndex, to: range.lowerBound.samePosition(in: document.text.unicodeScalars)!)
        XCTAssertEqual(TextPositions.position(of: offset, in: document.text).page, 3)
        XCTAssertFalse(document.text.hasSuffix("\u{0C}"), "trailing page break trimmed")
        // The page break is a paragraph break: the pages' sentences stay apart.
        XCTAssertTrue(document.text.contains("rivers.\n\u{0C}\n"), document.text.debugDescription)
    }

    /// A PDF with one line of Helvetica text per page, offsets computed so xref is valid.
    static func pdf(pages: [String]) -> Data {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        var kids: [String] = []
        for text in pages {
            let content = "BT /F1 12 Tf 72 720 Td (\(text)) Tj ET"
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
            let contentID = objects.count
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(contentID) 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
            kids.append("\(objects.count) 0 R")
        }
        objects[1] = "<< /Type /Pages /Kids [\(kids.joined(separator: " "))] /Count \(pages.count) >>"
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
