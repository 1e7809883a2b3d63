import Documents
import Foundation
import XCTest

final class DocumentLoaderTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-docs-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> URL {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    func load(_ name: String) throws -> DocumentLoader.Outcome {
        let walk = try FolderWalker.walk(folder)
        let file = try XCTUnwrap(walk.files.first { $0.relativePath == name }, "\(name) not found by the walk")
        return DocumentLoader.load(file)
    }

    func loadedText(_ name: String) throws -> String {
        guard case let .loaded(document) = try load(name) else {
            XCTFail("\(name) was skipped")
            return ""
        }
        return document.text
    }

    func testPlainTextAndMarkdownKeepTheirTextWithNormalisedLineEndings() throws {
        try write("a.txt", "First line\r\nsecond line\r\n\r\nNew paragraph.")
        try write("notes/b.md", "# Title\n\nSome *markdown* text.")
        try write("c.rst", "Title\n=====\n\nBody.")
        XCTAssertEqual(try loadedText("a.txt"), "First line\nsecond line\n\nNew paragraph.")
        XCTAssertEqual(try loadedText("notes/b.md"), "# Title\n\nSome *markdown* text.")
        XCTAssertEqual(try loadedText("c.rst"), "Title\n=====\n\nBody.")
    }

    func testHTMLLosesTagsScriptsAndStylesAndDecodesEntities() throws {
        try write("page.html", """
            <!DOCTYPE html><html><head><title>The Page</title><style>body { color: red; }</style>
            <script>var answer = "<p>not text</p>";</script></head>
            <body><!-- a comment --><h1>Caf&eacute; &amp; Bar</h1><p>Open  from 9&nbsp;am,
            &lt;daily&gt; &#8212; &#x1F600; &quot;yes&quot;</p><div>Second<br>line</div><p>a &bogus; b</p></body></html>
            """)
        let text = try loadedText("page.html")
        XCTAssertFalse(text.contains("color"), text)
        XCTAssertFalse(text.contains("not text"), text)
        XCTAssertFalse(text.contains("comment"), text)
        for tag in ["<p", "<h1", "<div", "<br", "<title", "<!--", "</"] { XCTAssertFalse(text.contains(tag), text) }
        XCTAssertTrue(text.contains("The Page"), text)
        XCTAssertTrue(text.contains("Café & Bar\n\nOpen from 9\u{A0}am, <daily> — 😀 \"yes\""), text)
        XCTAssertTrue(text.contains("Second\n\nline"), text)
        XCTAssertTrue(text.contains("a &bogus; b"), text)
    }

    func testBytesThatAreNotUTF8AreReadAsWindows1252AndFlaggedRedecoded() throws {
        // 0xFF 0xFE mid-file are ÿþ in Windows-1252; the UTF-8 "café" after them stays UTF-8.
        try write("bad.txt", Data([0x48, 0x69, 0x20, 0xFF, 0xFE, 0x21, 0x0A] + Array("café".utf8)))
        guard case let .loaded(document) = try load("bad.txt") else { return XCTFail("skipped") }
        XCTAssertFalse(document.lossy)
        XCTAssertEqual(document.redecodedAs, "WINDOWS-1252")
        XCTAssertEqual(document.text, "Hi ÿþ!\ncafé")
        // Where UTF-8 was declared (here by its byte-order mark) invalid bytes have no meaning.
        try write("marked.txt", Data([0xEF, 0xBB, 0xBF, 0x48, 0x69, 0x20, 0xFF, 0x21]))
        guard case let .loaded(marked) = try load("marked.txt") else { return XCTFail("skipped") }
        XCTAssertTrue(marked.lossy)
        XCTAssertNil(marked.redecodedAs)
        XCTAssertEqual(marked.text, "Hi \u{FFFD}!")
        try write("good.txt", "fine")
        guard case let .loaded(good) = try load("good.txt") else { return XCTFail("skipped") }
        XCTAssertFalse(good.lossy)
        XCTAssertNil(good.redecodedAs)
    }

    func testUTF16WithByteOrderMarkIsDecoded() throws {
        var data = Data([0xFF, 0xFE])
        data.append("Grüße".data(using: .utf16LittleEndian)!)
        try write("wide.txt", data)
        XCTAssertEqual(try loadedText("wide.txt"), "Grüße")
    }

    func testBinaryEmptyHiddenAndUnsupportedFilesAreSkippedAndCounted() throws {
        try write("image.txt", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]))
        try write("empty.txt", "")
        try write("blank.md", "  \n\n\t ")
        try write(".hidden.txt", "secret")
        try write(".git/config.txt", "secret")
        try write("program.exe", "MZ")
        try write("kept.txt", "kept")
        let walk = try FolderWalker.walk(folder)
        XCTAssertEqual(walk.files.map(\.relativePath).sorted(), ["blank.md", "image.txt", "kept.txt"])
        XCTAssertEqual(walk.skipped.map(\.reason).sorted { $0.rawValue < $1.rawValue }, [.empty, .unsupportedFormat])
        guard case let .skipped(binary) = try load("image.txt") else { return XCTFail("binary loaded") }
        XCTAssertEqual(binary.reason, .binary)
        guard case let .skipped(blank) = try load("blank.md") else { return XCTFail("blank loaded") }
        XCTAssertEqual(blank.reason, .empty)
    }

    func testSymlinkLoopsAreWalkedOnce() throws {
        try write("sub/doc.txt", "text")
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("sub/loop"), withDestinationURL: folder)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("dangling.txt"),
                                                   withDestinationURL: folder.appendingPathComponent("missing.txt"))
        let walk = try FolderWalker.walk(folder)
        XCTAssertEqual(walk.files.map(\.relativePath), ["sub/doc.txt"])
        XCTAssertEqual(walk.skipped.first?.reason, .unreadable)
    }

    func testAFileThatVanishesBeforeLoadingIsReported() throws {
        let url = try write("gone.txt", "soon gone")
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first)
        try FileManager.default.removeItem(at: url)
        guard case let .skipped(skip) = DocumentLoader.load(file) else { return XCTFail("loaded a vanished file") }
        XCTAssertEqual(skip.reason, .unreadable)
        XCTAssertEqual(skip.detail, "vanished")
    }

    func testMissingFolderIsAClearError() {
        XCTAssertThrowsError(try FolderWalker.walk(folder.appendingPathComponent("nope"))) { error in
            XCTAssertTrue("\(error)".hasSuffix("nope: no such folder"), "\(error)")
        }
    }

    func testPDFTextIsExtractedWhenPdftotextIsInstalled() throws {
        try XCTSkipIf(DocumentLoader.pdftotextPath == nil, "pdftotext is not installed")
        try write("doc.pdf", Self.minimalPDF(text: "Hello from a PDF about glaciers."))
        XCTAssertEqual(try loadedText("doc.pdf"), "Hello from a PDF about glaciers.")
    }

    /// A one-page PDF with one line of Helvetica text (`TextPositionTests.pdf` builds it).
    static func minimalPDF(text: String) -> Data { TextPositionTests.pdf(pages: [text]) }
}
