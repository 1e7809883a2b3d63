@testable import Documents
import Foundation
import XCTest

/// Merged cells in Word tables: a vertically merged cell (`w:vMerge`) holds its value in its
/// first row only, and each row it spans gets the value again; cells after a grid offset
/// (`w:gridBefore`) stay under their own headers.
final class WordMergedCellTests: XCTestCase {
    static func cell(_ text: String, properties: String = "") -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr><w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
    }

    static func rows(_ html: [UInt8]) -> [String] {
        HTMLText.extractStructured(OfficeText.utf8String(html)).text.components(separatedBy: "\n\n")
    }

    func testAVerticallyMergedValueIsRepeatedInEveryRowItSpans() {
        let restart = #"<w:vMerge w:val="restart"/>"#, follow = "<w:vMerge/>"
        let xml = """
            <w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr>\(Self.cell("Day"))\(Self.cell("Leader"))\(Self.cell("Time"))</w:tr>
            <w:tr>\(Self.cell("Monday"))\(Self.cell("Mark", properties: restart))\(Self.cell("9am"))</w:tr>
            <w:tr>\(Self.cell("Tuesday"))\(Self.cell("", properties: follow))\(Self.cell("2pm"))</w:tr>
            <w:tr>\(Self.cell("Wednesday"))\(Self.cell("Sarah"))\(Self.cell("4pm"))</w:tr>
            <w:tr>\(Self.cell("Thursday"))\(Self.cell("", properties: follow))\(Self.cell("5pm"))</w:tr>
            </w:tbl></w:body></w:document>
            """
        XCTAssertEqual(Self.rows(OfficeText.docxHTML(Array(xml.utf8), levels: [:])), [
            "Day: Monday · Leader: Mark · Time: 9am.", "Day: Tuesday · Leader: Mark · Time: 2pm.",
            "Day: Wednesday · Leader: Sarah · Time: 4pm.",
            "Day: Thursday · Time: 5pm.",  // Sarah's cell started no merge: nothing to repeat
        ])
    }

    func testAMergeAfterAGridSpanFollowsItsGridColumn() {
        let xml = """
            <w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr>\(Self.cell("A"))\(Self.cell("B"))\(Self.cell("C"))</w:tr>
            <w:tr>\(Self.cell("a1"))\(Self.cell("Merged B1-B3", properties: #"<w:vMerge w:val="restart"/>"#))\(Self.cell("c1"))</w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>\(Self.cell("", properties: "<w:vMerge/>"))\(Self.cell("c2"))</w:tr>
            <w:tr>\(Self.cell("wide", properties: #"<w:gridSpan w:val="2"/>"#))\(Self.cell("c3"))</w:tr>
            </w:tbl></w:body></w:document>
            """
        XCTAssertEqual(Self.rows(OfficeText.docxHTML(Array(xml.utf8), levels: [:])), [
            "A: a1 · B: Merged B1-B3 · C: c1.", "B: Merged B1-B3 · C: c2.", "A: wide · C: c3.",
        ])
    }

    func testANestedTableKeepsTheOuterTablesMerges() {
        let inner = "<w:tbl><w:tr>\(Self.cell("x"))\(Self.cell("y"))</w:tr><w:tr>\(Self.cell("z"))\(Self.cell("w"))</w:tr></w:tbl>"
        let xml = """
            <w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr>\(Self.cell("Key"))\(Self.cell("Value"))</w:tr>
            <w:tr>\(Self.cell("k1", properties: #"<w:vMerge w:val="restart"/>"#))<w:tc><w:tcPr/>\(inner)<w:p/></w:tc></w:tr>
            <w:tr>\(Self.cell("", properties: "<w:vMerge/>"))\(Self.cell("v2"))</w:tr>
            </w:tbl></w:body></w:document>
            """
        let rows = Self.rows(OfficeText.docxHTML(Array(xml.utf8), levels: [:]))
        XCTAssertEqual(rows.last, "Key: k1 · Value: v2.", "\(rows)")
    }
}
