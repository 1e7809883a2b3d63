@testable import Documents
import Foundation
import XCTest

/// .doc, .ppt, .xls, .rtf through Debian's converters, and scans through tesseract. Real tools
/// on the fixtures of Scripts/make-tool-fixtures.py where installed; stand-in scripts on PATH
/// for the ways a converter fails (missing, encrypted, not its format).
final class LegacyFormatTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tools")
    var folder: URL!
    var tools: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-legacy-\(UUID())")
        tools = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Loads `name` from the documents folder, with `fixture` copied there under that name.
    func load(_ name: String, fixture: String? = nil, contents: String? = nil, tools settings: ToolSettings = ToolSettings()) throws -> DocumentLoader.Outcome {
        let url = folder.appendingPathComponent("docs/\(name)")
        if let fixture { try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: url) }
        if let contents { try Data(contents.utf8).write(to: url) }
        let walk = try FolderWalker.walk(folder.appendingPathComponent("docs"))
        let file = try XCTUnwrap(walk.files.first { $0.relativePath == name }, "\(name) not found by the walk")
        return DocumentLoader.load(file, tools: settings)
    }

    func loaded(_ outcome: DocumentLoader.Outcome) throws -> LoadedDocument {
        guard case let .loaded(document) = outcome else { return try XCTUnwrap(nil, "skipped: \(outcome)") }
        return document
    }

    func skipped(_ outcome: DocumentLoader.Outcome) throws -> SkippedFile {
        guard case let .skipped(skip) = outcome else { return try XCTUnwrap(nil, "loaded: \(outcome)") }
        return skip
    }

    /// Runs `body` with PATH set to the stand-in tools folder, then `extra` (real tools).
    func withPATH<T>(_ extra: [String] = [], _ body: () throws -> T) rethrows -> T {
        let previous = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", ([tools.path] + extra).joined(separator: ":"), 1)
        defer { if let previous { setenv("PATH", previous, 1) } else { unsetenv("PATH") } }
        return try body()
    }

    /// A stand-in tool: a shell script in the tools folder.
    func tool(_ name: String, _ body: String) throws {
        let url = tools.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        chmod(url.path, 0o755)
    }

    /// A real tool linked into the tools folder (so PATH can hold it without its neighbours).
    func link(_ name: String) throws {
        guard let path = ExternalTool(name: name, package: "").path else { throw XCTSkip("\(name) is not installed") }
        try FileManager.default.createSymbolicLink(atPath: tools.appendingPathComponent(name).path, withDestinationPath: path)
    }

    func requireTool(_ tool: ExternalTool) throws {
        try XCTSkipUnless(tool.isInstalled, "\(tool.name) is not installed (\(tool.package))")
    }

    // MARK: real tools on the fixtures

    func testRTFReadThroughUnrtfKeepsWordsAccentsAndTitle() throws {
        try requireTool(.unrtf)
        let document = try loaded(try load("notes.rtf", fixture: "glaciers.rtf"))
        XCTAssertEqual(document.title, "Glacier notes")
        // The HTML path shows the <title> as the text's first line.
        XCTAssertEqual(document.text.split(separator: "\n").map(String.init),
                       ["Glacier notes", "Ice ages", "The Rhône glacier retreated 1.4 km since 1850 – a naïve café guess.", "Meltwater feeds Lake Geneva."])
    }

    func testXLSRowsCarryTheirColumnHeadersAndSheetsAreSections() throws {
        try requireTool(.xls2csv)
        let document = try loaded(try load("rota.xls", fixture: "rota.xls"))
        // Each row one paragraph (`TableText`), as in .xlsx and .csv.
        XCTAssertEqual(document.text, """
            Sheet 1.

            Day: Monday · Leader: Sarah · Time: 9am.

            Day: Wednesday · Leader: Mark · Time: 2pm.

            Day: Friday · Leader: Zoë, "Zed" · Time: 11am.

            Sheet 2.

            Item: Face painting · Cost: 120.

            Item: Petting zoo · Cost: 450.5.
            """)
        // Scalar offsets: "Zoë" before it is 3 scalars (4 UTF-8 bytes).
        XCTAssertEqual(document.headings, [DocumentHeading(offset: 0, level: 1, text: "Sheet 1"),
                                           DocumentHeading(offset: 144, level: 1, text: "Sheet 2")])
        let scalars = Array(document.text.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[144..<151])), "Sheet 2", "heading offsets are scalar offsets")
    }

    static let family = "Annual family day\nThere will be face painting, a petting zoo and funnel cake.\nZoë brings the café crème."

    /// Found in a real folder: a .doc that is a Word 2007+ ZIP package (legacy tools call it
    /// unreadable), a Word 97 file named .docx, and a password-protected .xlsx (an OLE file
    /// holding an EncryptionInfo stream, once reported `unreadable`).
    func testOfficeContainersAreReadByTheirBytesNotTheirExtension() throws {
        let body = #"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>The lake freezes in January.</w:t></w:r></w:p></w:body></w:document>"#
        try ZipWriter.write(folder.appendingPathComponent("docs/new-format.doc"), [("[Content_Types].xml", "<Types/>"), ("word/document.xml", body)])
        XCTAssertEqual(try loaded(try load("new-format.doc")).text, "The lake freezes in January.")

        var ole = OfficeContainerSniffer.oleMagic + [UInt8](repeating: 0, count: 1024)
        ole += OfficeContainerSniffer.encryptionInfo + [UInt8](repeating: 0, count: 64)
        try Data(ole).write(to: folder.appendingPathComponent("docs/locked.xlsx"))
        let skip = try skipped(try load("locked.xlsx"))
        XCTAssertEqual(skip.reason, .encrypted)
        XCTAssertEqual(skip.detail, "a password-protected Office file")

        try requireTool(.antiword)
        XCTAssertEqual(try loaded(try load("family.docx", fixture: "family.doc")).text, Self.family)
    }

    func testWord97DocIsReadByAntiword() throws {
        try requireTool(.antiword)
        XCTAssertEqual(try loaded(try load("family.doc", fixture: "family.doc")).text, Self.family)
    }

    func testWord97DocIsReadByCatdocWithoutAntiword() throws {
        try link("catdoc")
        try withPATH {
            XCTAssertEqual(try loaded(try load("family.doc", fixture: "family.doc")).text, Self.family)
        }
    }

    func testEncryptedWord97DocIsReportedEncrypted() throws {
        try requireTool(.antiword)
        let skip = try skipped(try load("locked.doc", fixture: "locked.doc"))
        XCTAssertEqual(skip.reason, .encrypted)
        XCTAssertEqual(skip.detail, "password-protected (antiword: Encrypted documents are not supported)")
    }

    func testPowerPoint97IsReadByCatppt() throws {
        try requireTool(.catppt)
        XCTAssertEqual(try loaded(try load("survey.ppt", fixture: "survey.ppt")).text,
                       "Glacier survey\nZoë counted 12 crevasses on the Aletsch.\nBudget\nRopes cost 450 francs.")
    }

    /// A .doc that is RTF inside (common: "Save as Word" in old tools): antiword refuses it,
    /// catdoc reads it.
    func testDocThatAntiwordRefusesFallsBackToCatdoc() throws {
        try requireTool(.antiword)
        try requireTool(.catdoc)
        let document = try loaded(try load("old.doc", fixture: "glaciers.rtf"))
        XCTAssertTrue(document.text.contains("Meltwater feeds Lake Geneva."), document.text)
    }

    func testImageIsReadByOCR() throws {
        try requireTool(.tesseract)
        let document = try loaded(try load("scan.png", fixture: "scan.png"))
        XCTAssertEqual(document.text, "The Aletsch glacier is\n23 kilometres long and\nlost 3 km since 1870.")
    }

    func testPDFPageWithoutTextLayerIsReadByOCR() throws {
        try requireTool(.tesseract)
        try requireTool(.pdftoppm)
        let document = try loaded(try load("scan.pdf", fixture: "scan.pdf"))
        XCTAssertEqual(document.text, "The Aletsch glacier is\n23 kilometres long and\nlost 3 km since 1870.")
    }

    func testOCRIsBoundedPerPage() throws {
        try requireTool(.tesseract)
        let skip = try skipped(try load("scan.png", fixture: "scan.png", tools: ToolSettings(ocrPageSeconds: 0.001)))
        XCTAssertEqual(skip.reason, .timeout)
        XCTAssertEqual(skip.detail, "tesseract ran over the 0.001 s limit and was stopped")
    }

    func testPasswordProtectedPDFIsReportedEncrypted() throws {
        try requireTool(.pdftotext)
        let skip = try skipped(try load("locked.pdf", fixture: "locked.pdf"))
        XCTAssertEqual(skip.reason, .encrypted)
        XCTAssertEqual(skip.detail, "password-protected (pdftotext: Command Line Error: Incorrect password)")
    }

    // MARK: without the tools

    func testScansWithoutTesseractAreReportedNeedsOCRNeverEmpty() throws {
        try requireTool(.pdftotext)
        try link("pdftotext")
        try link("pdfinfo")
        try withPATH {
            let image = try skipped(try load("scan.png", fixture: "scan.png"))
            XCTAssertEqual(image.reason, .needsOCR)
            XCTAssertEqual(image.detail, "an image: install tesseract-ocr tesseract-ocr-eng to read it by OCR")
            let pdf = try skipped(try load("scan.pdf", fixture: "scan.pdf"))
            XCTAssertEqual(pdf.reason, .needsOCR)
            XCTAssertEqual(pdf.detail, "no text layer (a scan): install tesseract-ocr tesseract-ocr-eng to read it by OCR")
        }
    }

    func testMissingConvertersNameTheirDebianPackages() throws {
        try withPATH {
            for (name, detail) in [("a.doc", "antiword is not installed (Debian: apt install antiword)"),
                                   ("b.ppt", "catppt is not installed (Debian: apt install catdoc)"),
                                   ("c.xls", "xls2csv is not installed (Debian: apt install catdoc)"),
                                   ("d.rtf", "unrtf is not installed (Debian: apt install unrtf)")] {
                let skip = try skipped(try load(name, contents: "something"))
                XCTAssertEqual(skip.reason, .toolMissing, name)
                XCTAssertEqual(skip.detail, detail, name)
            }
        }
    }

    // MARK: stand-in converters

    func testDocAndPptAreReadByTheirConvertersWithTheFileAsStandardInput() throws {
        try tool("antiword", #"[ "$*" = "-m UTF-8.txt -w 0 /dev/stdin" ] || exit 9; printf 'Word says: '; exec /bin/cat"#)
        try tool("catppt", #"[ "$*" = "-d utf-8 /dev/stdin" ] || exit 9; printf 'Slide says: '; exec /bin/cat"#)
        try withPATH {
            XCTAssertEqual(try loaded(try load("a.doc", contents: "hello")).text, "Word says: hello")
            XCTAssertEqual(try loaded(try load("b.ppt", contents: "hi")).text, "Slide says: hi")
        }
    }

    func testEncryptedDocIsReportedEncrypted() throws {
        try tool("antiword", "echo 'Encrypted documents are not supported' >&2; exit 1")
        try tool("catdoc", "echo 'catdoc: cannot read' >&2; exit 1")
        try withPATH {
            let skip = try skipped(try load("secret.doc", contents: "x"))
            XCTAssertEqual(skip.reason, .encrypted)
            XCTAssertEqual(skip.detail, "password-protected (antiword: Encrypted documents are not supported)")
        }
    }

    func testConverterFailureIsUnreadableWithItsMessage() throws {
        try tool("catppt", "echo 'not a PowerPoint file' >&2; exit 2")
        try withPATH {
            let skip = try skipped(try load("b.ppt", contents: "x"))
            XCTAssertEqual(skip.reason, .unreadable)
            XCTAssertEqual(skip.detail, "catppt exit 2: not a PowerPoint file")
        }
    }

    // MARK: xls2csv's CSV

    func testCSVQuotesLineBreaksAndEmptyCells() {
        XCTAssertEqual(LegacySpreadsheetText.parse("a,\"b, \"\"c\"\"\",,d\r\n\"multi\nline\",2\n"),
                       [["a", "b, \"c\"", "", "d"], ["multi line", "2"]])
        XCTAssertEqual(LegacySpreadsheetText.parse("x,\"unterminated"), [["x", "unterminated"]])
        XCTAssertEqual(LegacySpreadsheetText.parse(""), [])
        XCTAssertEqual(LegacySpreadsheetText.parse("1,2\n3,4", maxRows: 1), [["1", "2"]])
    }

    func testOneSheetHasNoSheetHeadingAndEmptyRowsAreDropped() {
        let rendered = LegacySpreadsheetText.render(csv: "\"Name\",\"Age\"\n\"\",\"\"\n\"Ann\",\"41\"\n\u{0C}")
        XCTAssertEqual(rendered.text, "Name: Ann · Age: 41.")
        XCTAssertEqual(rendered.headings, [])
    }
}
