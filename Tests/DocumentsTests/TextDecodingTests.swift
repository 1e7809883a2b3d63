import Documents
import Foundation
import XCTest

/// Charsets as real folders hold them: Windows-1252 pages that name none, Latin-1 notes,
/// declared charsets, UTF-16/32 with and without a byte-order mark.
final class TextDecodingTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-charsets-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func load(_ name: String, _ bytes: [UInt8]) throws -> LoadedDocument {
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first { $0.relativePath == name })
        guard case let .loaded(document) = DocumentLoader.load(file) else {
            XCTFail("\(name) was skipped")
            throw CocoaError(.fileReadCorruptFile)
        }
        return document
    }

    func decoded(_ bytes: [UInt8], declared: Charset? = nil) throws -> TextDecoding.Decoded {
        guard case let .text(decoded) = TextDecoding.decode(bytes, declared: declared) else {
            XCTFail("judged binary")
            throw CocoaError(.fileReadCorruptFile)
        }
        return decoded
    }

    /// Latin-1/Windows-1252 bytes of a Swift string (its characters all in Windows-1252).
    func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "€": 0x80
            case "„": 0x84
            case "“": 0x93
            case "”": 0x94
            case "–": 0x96
            default: UInt8(scalar.value)
            }
        }
    }

    func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.utf16.flatMap { unit in bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    }

    func utf32(_ text: String, bigEndian: Bool) -> [UInt8] {
        text.unicodeScalars.flatMap { scalar in
            let bytes = (0..<4).map { UInt8((scalar.value >> (8 * $0)) & 0xFF) }
            return bigEndian ? bytes.reversed() : bytes
        }
    }

    func testAWindows1252PageWithoutACharsetReadsRightAndIsReportedRedecoded() throws {
        let html = "<html><head><title>Küche</title></head><body><p>Eine schöne, köstliche Torte für 5 € – „lecker“.</p></body></html>"
        let document = try load("torte.html", windows1252(html))
        XCTAssertEqual(document.text, "Küche\n\nEine schöne, köstliche Torte für 5 € – „lecker“.")
        XCTAssertEqual(document.title, "Küche")
        XCTAssertFalse(document.lossy)
        XCTAssertEqual(document.redecodedAs, "WINDOWS-1252")
        XCTAssertFalse(document.text.unicodeScalars.contains("\u{FFFD}"))
    }

    func testALatin1MarkdownFileKeepsItsHeadingsAndOneScalarPerByte() throws {
        let markdown = "# Über uns\n\nWir können alles außer Hochdeutsch.\r\n"
        let bytes = windows1252(markdown)
        let document = try load("notes.md", bytes)
        XCTAssertEqual(document.text, "# Über uns\n\nWir können alles außer Hochdeutsch.\n")
        XCTAssertEqual(document.text.unicodeScalars.count, bytes.count - 1, "one scalar a byte, CR LF made LF: offsets exact")
        XCTAssertEqual(document.headings, [DocumentHeading(offset: 0, level: 1, text: "Über uns")])
        XCTAssertEqual(document.redecodedAs, "WINDOWS-1252")
    }

    func testDeclaredCharsetsAreHonoured() throws {
        // "Привет, мир" in KOI8-R, declared by <meta charset>.
        let koi8: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2]
        let page = Array("<html><head><meta charset=\"koi8-r\"><title>t</title></head><body><p>".utf8) + koi8 + Array("</p></body></html>".utf8)
        let document = try load("russian.html", page)
        XCTAssertTrue(document.text.hasSuffix("Привет, мир"), document.text)
        XCTAssertNil(document.redecodedAs, "declared, not guessed")
        // The http-equiv form, after a comment that mentions another charset.
        let equiv = Array("<!-- <meta charset=utf-8> --><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'><p>".utf8)
            + [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2] + Array("</p>".utf8)
        XCTAssertEqual(CharsetDeclaration.html(equiv)?.name, "WINDOWS-1251")
        XCTAssertEqual(try load("cyrillic.html", equiv).text, "Привет")
        // Latin-1 labels mean Windows-1252, its unassigned bytes included (iconv refuses 0x81).
        let latin1 = Array("<meta charset=iso-8859-1><p>".utf8) + [0x80, 0x20, 0x81, 0x20, 0xE9]
        let declared = try decoded(latin1, declared: CharsetDeclaration.html(latin1))
        XCTAssertEqual(declared.source, .declared("WINDOWS-1252"))
        XCTAssertEqual(declared.text, "<meta charset=iso-8859-1><p>€ \u{81} é")
        // The XML prolog.
        let xml = Array("<?xml version=\"1.0\" encoding='ISO-8859-15'?><a>".utf8) + [0xA4] + Array("</a>".utf8)
        XCTAssertEqual(CharsetDeclaration.xmlProlog(xml)?.name, "ISO-8859-15")
        XCTAssertEqual(try decoded(xml, declared: CharsetDeclaration.xmlProlog(xml)).text.contains("<a>€</a>"), true)
    }

    func testDeclarationsThatCannotBeTrueAreIgnored() throws {
        // Unknown names, a meta past the prescan, UTF-16 declared in ASCII bytes.
        XCTAssertNil(CharsetDeclaration.html(Array("<meta charset=\"x-klingon\">".utf8)))
        XCTAssertNil(CharsetDeclaration.html(Array((String(repeating: " ", count: 2100) + "<meta charset=koi8-r>").utf8)))
        let utf16Label = Array("<meta charset=utf-16><p>caf".utf8) + [0xE9]
        let read = try decoded(utf16Label, declared: CharsetDeclaration.html(utf16Label))
        XCTAssertEqual(read.source, .fallback("WINDOWS-1252"))
        XCTAssertTrue(read.text.hasSuffix("café"))
        for wide in ["UCS-2", "UTF-32", "IBM037"] {
            let read = try decoded(Array("<p>plain</p>".utf8), declared: try XCTUnwrap(Charset(named: wide), wide))
            XCTAssertEqual(read.text, "<p>plain</p>", wide)
            XCTAssertEqual(read.source, .utf8, wide)
        }
        // Bytes invalid in the declared charset: read as if nothing were declared.
        let badShiftJIS = try decoded([0x61, 0x81], declared: Charset(named: "Shift_JIS"))
        XCTAssertEqual(badShiftJIS.text, "a\u{81}")
        XCTAssertEqual(badShiftJIS.redecodedAs, "WINDOWS-1252")
        // Declared UTF-8 keeps its word: what is not UTF-8 had no meaning.
        let badUTF8 = try decoded([0x61, 0xE9, 0x62], declared: Charset(named: "utf-8"))
        XCTAssertEqual(badUTF8.text, "a\u{FFFD}b")
        XCTAssertTrue(badUTF8.lossy)
        XCTAssertNil(badUTF8.redecodedAs)
    }

    func testUTF16WithoutAByteOrderMarkIsRecognisedNotBinary() throws {
        let text = "This is UTF-16 text without a mark: Grüße, Ελληνικά, 日本語.\r\nSecond line."
        let expected = "This is UTF-16 text without a mark: Grüße, Ελληνικά, 日本語.\nSecond line."
        for bigEndian in [false, true] {
            let bytes = utf16(text, bigEndian: bigEndian)
            XCTAssertFalse(TextDecoding.isBinary(bytes))
            let read = try decoded(bytes)
            XCTAssertEqual(read.text, expected)
            XCTAssertEqual(read.source, .detected(bigEndian ? "UTF-16BE" : "UTF-16LE"))
            XCTAssertEqual(read.redecodedAs, bigEndian ? "UTF-16BE" : "UTF-16LE")
            XCTAssertFalse(read.lossy)
            let document = try load(bigEndian ? "be.txt" : "le.txt", bytes)
            XCTAssertEqual(document.text, expected)
        }
        // With a byte-order mark it is no guess; one cut off mid-unit is lossy, not binary.
        XCTAssertEqual(try decoded([0xFE, 0xFF] + utf16("Hi", bigEndian: true)).source, .byteOrderMark("UTF-16BE"))
        let cut = try decoded([0xFF, 0xFE] + utf16("Hi", bigEndian: false) + [0x21])
        XCTAssertEqual(cut.text, "Hi\u{FFFD}")
        XCTAssertTrue(cut.lossy)
    }

    func testUTF32WithAndWithoutAByteOrderMark() throws {
        let text = "UTF-32: naïve 😀 text."
        for bigEndian in [false, true] {
            let name = bigEndian ? "UTF-32BE" : "UTF-32LE"
            let mark: [UInt8] = bigEndian ? [0x00, 0x00, 0xFE, 0xFF] : [0xFF, 0xFE, 0x00, 0x00]
            let marked = try decoded(mark + utf32(text, bigEndian: bigEndian))
            XCTAssertEqual(marked.text, text)
            XCTAssertEqual(marked.source, .byteOrderMark(name))
            let unmarked = try decoded(utf32(text, bigEndian: bigEndian))
            XCTAssertEqual(unmarked.text, text)
            XCTAssertEqual(unmarked.source, .detected(name))
        }
        XCTAssertEqual(try load("wide.txt", utf32(text, bigEndian: false)).text, text)
    }

    func testBinaryFilesWithNulsStayBinary() {
        // Small 32-bit integers: "valid UTF-32" of control characters.
        let integers = (0..<64).flatMap { i -> [UInt8] in [UInt8(i % 20), 0, 0, 0] }
        XCTAssertEqual(TextDecoding.decode(integers), .binary)
        // A PNG header, zeros on both sides.
        XCTAssertEqual(TextDecoding.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]), .binary)
        XCTAssertEqual(TextDecoding.decode([UInt8](repeating: 0, count: 4096)), .binary)
        // A NUL in ASCII text's first 8 kB is still binary.
        XCTAssertEqual(TextDecoding.decode([0x41, 0, 0x42]), .binary)
        // UTF-16 with a NUL character in its sample is not read as text either.
        XCTAssertEqual(TextDecoding.decode(utf16("ab\u{0}cd", bigEndian: false)), .binary)
    }

    func testAUTF8FileWithOneStrayLatin1ByteKeepsItsUTF8() throws {
        let bytes = Array("Grüße aus Köln, ".utf8) + [0xE0] + Array(" bientôt.".utf8)
        let read = try decoded(bytes)
        XCTAssertEqual(read.text, "Grüße aus Köln, à bientôt.")
        XCTAssertEqual(read.redecodedAs, "WINDOWS-1252")
        XCTAssertFalse(read.lossy)
    }
}
