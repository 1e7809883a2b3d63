@testable import Documents
import Foundation
import XCTest

/// Titles and headings of every format, and the ZIP + XML formats (.docx .odt .pptx .epub),
/// built in the test with libarchive.
final class DocumentStructureTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-structure-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func load(_ name: String) throws -> DocumentLoader.Outcome {
        let walk = try FolderWalker.walk(folder)
        let file = try XCTUnwrap(walk.files.first { $0.relativePath == name }, "\(name) not found by the walk")
        return DocumentLoader.load(file)
    }

    func loaded(_ name: String) throws -> LoadedDocument {
        guard case let .loaded(document) = try load(name) else {
            XCTFail("\(name) was skipped: \(try load(name))")
            throw XCTSkip()
        }
        return document
    }

    /// Each heading's offset points at its text in the document's text.
    func assertHeadingsPointAtTheirText(_ document: LoadedDocument, file: StaticString = #filePath, line: UInt = #line) {
        let text = ScalarText(document.text)
        for heading in document.headings {
            let at = text[heading.offset..<min(text.count, heading.offset + heading.text.unicodeScalars.count)]
            XCTAssertEqual(at, heading.text, "heading offset", file: file, line: line)
        }
    }

    func testPlainTextIsTitledByItsFileName() throws {
        try Data("Some text.".utf8).write(to: folder.appendingPathComponent("Super_Bowl_50.txt"))
        let document = try loaded("Super_Bowl_50.txt")
        XCTAssertEqual(document.title, "Super Bowl 50")
        XCTAssertEqual(document.headings, [])
        XCTAssertEqual(LoadedDocument.fileTitle("places/Victoria__Australia.txt"), "Victoria Australia")
        XCTAssertEqual(LoadedDocument.fileTitle("README"), "README")
    }

    func testMarkdownHeadingsGiveTitleAndSectionsOutsideCodeFences() throws {
        try Data("""
            Intro line

            # The Rhine

            ## Course
            Text about the course.

            ```
            # not a heading
            ```

            Length
            ------
            1,230 km.
            """.utf8).write(to: folder.appendingPathComponent("rhine.md"))
        let document = try loaded("rhine.md")
        XCTAssertEqual(document.title, "The Rhine")
        XCTAssertEqual(document.headings.map(\.text), ["The Rhine", "Course", "Length"])
        XCTAssertEqual(document.headings.map(\.level), [1, 2, 2])
        let outline = DocumentOutline(document.headings)
        let offset = document.text.unicodeScalars.count - 3
        XCTAssertEqual(outline.path(at: offset).map(\.text), ["The Rhine", "Length"])
        XCTAssertEqual(outline.sectionLine(at: offset, title: document.title), "Length")
        XCTAssertEqual(outline.path(at: 0).map(\.text), [])
    }

    func testRestructuredTextLevelsFollowAdornmentOrder() throws {
        try Data("""
            =======
            Manual
            =======

            Install
            -------

            Steps.

            Debian
            ~~~~~~

            apt-get.

            Use
            ---

            Run it.
            """.utf8).write(to: folder.appendingPathComponent("manual.rst"))
        let document = try loaded("manual.rst")
        XCTAssertEqual(document.title, "Manual")
        XCTAssertEqual(document.headings.map(\.text), ["Manual", "Install", "Debian", "Use"])
        XCTAssertEqual(document.headings.map(\.level), [1, 2, 3, 2])
        let outline = DocumentOutline(document.headings)
        let at = try XCTUnwrap(document.text.range(of: "apt-get")).lowerBound
        XCTAssertEqual(outline.sectionLine(at: document.text.unicodeScalars.distance(from: document.text.startIndex, to: at), title: document.title), "Install › Debian")
    }

    func testHTMLTitleAndHeadings() throws {
        try Data("<html><head><title>Oxygen &amp; air</title></head><body><h1>Oxygen</h1><p>Gas.</p><h2>In the <em>air</em></h2><p>21 percent.</p></body></html>".utf8)
            .write(to: folder.appendingPathComponent("o.html"))
        let document = try loaded("o.html")
        XCTAssertEqual(document.title, "Oxygen & air")
        XCTAssertEqual(document.headings.map(\.text), ["Oxygen & air", "Oxygen", "In the air"], "the title opens the first section")
        XCTAssertEqual(document.headings.map(\.level), [1, 1, 2])
        assertHeadingsPointAtTheirText(document)
    }

    func testWordDocumentKeepsParagraphsHeadingStylesAndMetadataTitle() throws {
        let body = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Kop1"/></w:pPr><w:r><w:t>Early life</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Temüjin married </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Börte</w:t></w:r><w:r><w:t> &amp; had sons.</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Death</w:t></w:r></w:p>
            <w:p><w:r><w:t>He died in 1227.</w:t></w:r><w:r><w:delText>never shown</w:delText></w:r></w:p>
            </w:body></w:document>
            """
        let styles = """
            <w:styles xmlns:w="x"><w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>
            """
        let core = #"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>Genghis Khan</dc:title></cp:coreProperties>"#
        try ZipWriter.write(folder.appendingPathComponent("khan.docx"), [
            ("[Content_Types].xml", "<Types/>"), ("word/document.xml", body), ("word/styles.xml", styles), ("docProps/core.xml", core),
        ])
        let document = try loaded("khan.docx")
        XCTAssertEqual(document.text, "Early life\n\nTemüjin married Börte & had sons.\n\nDeath\n\nHe died in 1227.")
        XCTAssertEqual(document.title, "Genghis Khan")
        XCTAssertEqual(document.headings.map(\.text), ["Early life", "Death"])
        XCTAssertEqual(document.headings.map(\.level), [1, 2])
        assertHeadingsPointAtTheirText(document)
    }

    func testOpenDocumentTextKeepsOutlineLevels() throws {
        let content = """
            <office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
            <text:h text:outline-level="1">Course</text:h>
            <text:p>The Rhine is<text:s/>about <text:span>1,230 km</text:span> long.</text:p>
            <text:h text:outline-level="2">Delta</text:h><text:p>It ends in the North Sea.</text:p>
            </office:text></office:body></office:document-content>
            """
        try ZipWriter.write(folder.appendingPathComponent("rhine.odt"), [
            ("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content),
            ("meta.xml", #"<office:document-meta xmlns:dc="d"><office:meta><dc:title>The Rhine</dc:title></office:meta></office:document-meta>"#),
        ])
        let document = try loaded("rhine.odt")
        XCTAssertEqual(document.text, "Course\n\nThe Rhine is about 1,230 km long.\n\nDelta\n\nIt ends in the North Sea.")
        XCTAssertEqual(document.title, "The Rhine")
        XCTAssertEqual(document.headings.map(\.level), [1, 2])
        assertHeadingsPointAtTheirText(document)
    }

    func testPowerPointSlidesInNumericOrderWithTitlesAsHeadings() throws {
        func slide(_ title: String, _ body: String) -> String {
            """
            <p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree>
            <p:sp><p:nvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>\(title)</a:t></a:r></a:p></p:txBody></p:sp>
            <p:sp><p:nvSpPr><p:nvPr><p:ph idx="1"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>\(body)</a:t></a:r></a:p></p:txBody></p:sp>
            </p:spTree></p:cSld></p:sld>
            """
        }
        try ZipWriter.write(folder.appendingPathComponent("deck.pptx"), [
            ("ppt/slides/slide10.xml", slide("Results", "Recall rose to 90%.")),
            ("ppt/slides/slide2.xml", slide("Method", "We fused two lists.")),
            ("ppt/slides/_rels/slide2.xml.rels", "<Relationships/>"),
        ])
        let document = try loaded("deck.pptx")
        XCTAssertEqual(document.text, "Method\n\nWe fused two lists.\n\nResults\n\nRecall rose to 90%.")
        XCTAssertEqual(document.headings.map(\.text), ["Method", "Results"])
        XCTAssertEqual(document.title, "Method", "no metadata title: the first heading")
        assertHeadingsPointAtTheirText(document)
    }

    func testEPUBChaptersFollowTheSpineWithTheirHeadings() throws {
        let opf = """
            <package xmlns="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <metadata><dc:title>A Short Book</dc:title></metadata>
            <manifest><item id="c2" href="text/ch%202.xhtml" media-type="application/xhtml+xml"/>
            <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/></manifest>
            <spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>
            """
        try ZipWriter.write(folder.appendingPathComponent("book.epub"), [
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", #"<container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#),
            ("OEBPS/content.opf", opf),
            ("OEBPS/text/ch 2.xhtml", "<html><head><title>x</title></head><body><h1>Two</h1><p>Second chapter.</p></body></html>"),
            ("OEBPS/text/ch1.xhtml", "<html><body><h1>One</h1><h2>Start</h2><p>First chapter.</p></body></html>"),
        ])
        let document = try loaded("book.epub")
        XCTAssertEqual(document.title, "A Short Book")
        XCTAssertEqual(document.text, "One\n\nStart\n\nFirst chapter.\n\nTwo\n\nSecond chapter.", "a chapter's <title> is no line of the book")
        XCTAssertEqual(document.headings.map(\.text), ["One", "Start", "Two"], "the chapter's own heading names it")
        XCTAssertEqual(document.headings.map(\.level), [1, 2, 1])
        assertHeadingsPointAtTheirText(document)
    }

    /// The issue's book: every chapter's <title> was the book's name, pasted into the text
    /// (once mid-sentence, where a chapter file split a sentence).
    func testEPUBChapterTitlesAreNeverPastedIntoTheText() throws {
        let opf = """
            <package xmlns:dc="d"><metadata><dc:title>Sea Tales</dc:title></metadata>
            <manifest><item id="a" href="a.xhtml"/><item id="b" href="b.xhtml"/><item id="c" href="c.xhtml"/></manifest>
            <spine><itemref idref="a"/><itemref idref="b"/><itemref idref="c"/></spine></package>
            """
        try ZipWriter.write(folder.appendingPathComponent("tales.epub"), [
            ("META-INF/container.xml", #"<container><rootfiles><rootfile full-path="content.opf"/></rootfiles></container>"#),
            ("content.opf", opf),
            ("a.xhtml", "<html><head><title>Sea Tales</title></head><body><p>The ship left at</p></body></html>"),
            ("b.xhtml", "<html><head><title>Sea Tales</title></head><body><p>dawn, heading north.</p></body></html>"),
            ("c.xhtml", "<html><head><title>The Storm</title></head><body><p>Waves rose.</p></body></html>"),
        ])
        let document = try loaded("tales.epub")
        XCTAssertEqual(document.text, "The ship left at\n\ndawn, heading north.\n\nWaves rose.")
        XCTAssertEqual(document.title, "Sea Tales")
        XCTAssertEqual(document.headings, [DocumentHeading(offset: 40, level: 1, text: "The Storm")],
                       "a chapter without a heading is named by its title, unless that is the book's")
    }

    func testZipBombsAndDamagedContainersAreReportedSkips() throws {
        // 3 MiB of zeros compresses to a few kB; with a 1 MiB limit it is refused, not read.
        let bomb = folder.appendingPathComponent("bomb.docx")
        try ZipWriter.write(bomb, [("word/document.xml", Data(count: 3 << 20))])
        var limits = ZipArchive.Limits()
        limits.maxEntryBytes = 1 << 20
        XCTAssertThrowsError(try OfficeText.extract(bomb, format: .docx, limits: limits)) { error in
            guard case OfficeText.Failure.tooLarge = error else { return XCTFail("\(error)") }
        }
        limits = ZipArchive.Limits()
        limits.maxEntries = 3
        let many = folder.appendingPathComponent("many.odt")
        try ZipWriter.write(many, (0..<5).map { ("f\($0).xml", "<a/>") })
        XCTAssertThrowsError(try OfficeText.extract(many, format: .odt, limits: limits)) { error in
            guard case OfficeText.Failure.tooLarge = error else { return XCTFail("\(error)") }
        }
        try Data("this is not a zip file at all".utf8).write(to: folder.appendingPathComponent("fake.pptx"))
        guard case let .skipped(skip) = try load("fake.pptx") else { return XCTFail("a damaged file was loaded") }
        XCTAssertEqual(skip.reason, .unreadable)
        try ZipWriter.write(folder.appendingPathComponent("nobody.docx"), [("other.xml", "<a/>")])
        guard case let .skipped(missing) = try load("nobody.docx") else { return XCTFail("a docx without a body was loaded") }
        XCTAssertEqual(missing.reason, .unreadable)
        XCTAssertTrue(missing.detail?.contains("word/document.xml") == true)
    }
}
