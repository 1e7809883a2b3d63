import XCTest
@testable import Documents

final class CharsetTests: XCTestCase {
    func testLatin1LabelDecodesAsWindows1252() throws {
        let charset = try XCTUnwrap(Charset(named: "iso-8859-1"))
        XCTAssertEqual(charset.name, "WINDOWS-1252")
        // 0x80 is € in Windows-1252 (a C1 control in strict Latin-1); 0xF6 is ö.
        XCTAssertEqual(charset.decode([0x6B, 0xF6, 0x6E, 0x6E, 0x65, 0x6E, 0x20, 0x80]), "können €")
        // Its unassigned bytes too (iconv refuses 0x81): a Latin-1 mail part never turns lossy.
        XCTAssertEqual(charset.decode([0x41, 0x81, 0x9D]), "A\u{81}\u{9D}")
    }

    func testDeclaredCharsetsBeyondFoundation() throws {
        XCTAssertEqual(try XCTUnwrap(Charset(named: "KOI8-R")).decode([0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]), "привет")
        XCTAssertEqual(try XCTUnwrap(Charset(named: "\"Shift_JIS\"")).decode([0x93, 0xFA, 0x96, 0x7B]), "日本")
        XCTAssertEqual(try XCTUnwrap(Charset(named: "utf8")).decode(Array("é".utf8)), "é")
    }

    func testUnknownOrHostileNamesAreRefused() {
        XCTAssertNil(Charset(named: "x-made-up-charset"))
        XCTAssertNil(Charset(named: ""))
        XCTAssertNil(Charset(named: "UTF-8//IGNORE"))  // iconv suffixes are not charset names
        XCTAssertNil(Charset(named: String(repeating: "A", count: 200)))
    }

    func testInvalidBytesAreNilNotReplaced() throws {
        XCTAssertNil(try XCTUnwrap(Charset(named: "UTF-8")).decode([0xC3, 0x28]))
        XCTAssertNil(try XCTUnwrap(Charset(named: "Shift_JIS")).decode([0x81]))  // a lead byte cut off
    }
}
