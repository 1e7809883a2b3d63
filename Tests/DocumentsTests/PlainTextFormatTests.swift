import Documents
import Foundation
import XCTest

/// .org, .xml, .json, .ndjson, .yaml and .log read as text, with their structure where natural.
final class PlainTextFormatTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-plain-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func load(_ name: String, _ contents: String) throws -> LoadedDocument {
        try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first { $0.relativePath == name }, "\(name) not walked")
        guard case let .loaded(document) = DocumentLoader.load(file) else {
            XCTFail("\(name) was skipped")
            throw CocoaError(.fileReadCorruptFile)
        }
        return document
    }

    func json(_ text: String) throws -> String {
        try XCTUnwrap(try JSONText.extract(text)).text
    }

    func testExtensionsAreRecognised() {
        XCTAssertEqual(["org", "XML", "json", "ndjson", "jsonl", "yaml", "yml", "log"].map { DocumentFormat(pathExtension: $0) },
                       [.org, .xml, .json, .ndjson, .ndjson, .yaml, .yaml, .log])
        for ext in [".org", ".xml", ".json", ".ndjson", ".yaml", ".log"] { XCTAssertTrue(DocumentFormat.readableExtensions.contains(ext)) }
    }

    func testOrgHeadlinesAreHeadingsAndTheTextStaysAsWritten() throws {
        let org = "#+TITLE: Garden notes\n\n* TODO Roses :flowers:\nPrune in March.\n** Pests\nAphids.\n#+BEGIN_SRC sh\n* not a heading\n#+END_SRC\n"
        let document = try load("garden.org", org)
        XCTAssertEqual(document.text, org)
        XCTAssertEqual(document.title, "Garden notes")
        XCTAssertEqual(document.headings, [DocumentHeading(offset: 23, level: 1, text: "Roses"), DocumentHeading(offset: 62, level: 2, text: "Pests")])
        XCTAssertEqual(DocumentOutline(document.headings).sectionLine(at: 80, title: document.title), "Roses › Pests")
    }

    func testYAMLAndLogsAreTextWithCommentsKept() throws {
        let yaml = "# deployment settings\nserver:\n  port: 8080 # the public port\n  host: example.org\nname: shop\n"
        let document = try load("config.yml", yaml)
        XCTAssertEqual(document.text, yaml)
        XCTAssertEqual(document.headings, [DocumentHeading(offset: 22, level: 1, text: "server")])
        let log = "2026-12-01 10:00:01 INFO started\n2026-12-01 10:00:02 ERROR disk full on /var\n"
        XCTAssertEqual(try load("app.log", log).text, log)
    }

    func testXMLKeepsItsTextContentWithWordsApart() throws {
        let xml = """
            <?xml version="1.0"?>
            <catalog>
              <book id="b1"><title>Flowers &amp; Trees</title><price>5</price><isbn>123</isbn></book>
              <remark><![CDATA[Use <b> carefully]]></remark>
            </catalog>
            """
        let document = try load("catalog.xml", xml)
        XCTAssertEqual(document.text, "Flowers & Trees\n\n5 123\nUse <b> carefully")
        XCTAssertEqual(document.title, "Flowers & Trees")
        XCTAssertFalse(document.text.contains("b1"), "attributes are not text")
        // A document vocabulary: paragraphs, inline markup kept inline, nested section titles.
        let docbook = XMLText.extract("<book><title>Guide</title><chapter><title>Setup</title><para>Run <command>make</command> first, then <emphasis>test</emphasis>.</para></chapter></book>")
        XCTAssertEqual(docbook.text, "Guide\n\nSetup\n\nRun make first, then test.")
        XCTAssertEqual(docbook.headings.map(\.level), [1, 2])
        XCTAssertEqual(docbook.headings.map(\.offset), [0, 7])
    }

    func testXMLInTheCharsetItsPrologDeclares() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<menu><dish>Cr".utf8) + [0xE8] + Array("me br".utf8) + [0xFB]
            + Array("l".utf8) + [0xE9, 0x20, 0xA4] + Array("7</dish></menu>".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("menu.xml"))
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first { $0.relativePath == "menu.xml" })
        guard case let .loaded(document) = DocumentLoader.load(file) else { return XCTFail("skipped") }
        XCTAssertEqual(document.text, "Crème brûlé €7")
        XCTAssertNil(document.redecodedAs, "declared, not guessed")
    }

    func testXMLEntitiesAreNeverDefinedOrExpanded() throws {
        // Billion laughs and an external entity: the DTD is skipped, its entities stay as written.
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 { laughs += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">\n" }
        laughs += " <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<lolz>&lol9; &xxe; &lt;ok&gt;</lolz>"
        let document = try load("lolz.xml", laughs)
        XCTAssertEqual(document.text, "&lol9; &xxe; <ok>")
    }

    func testJSONLeavesBecomeKeyPathLinesInTheFilesOrder() throws {
        let text = try json("""
            {"title": "Family day", "when": {"date": "2026-06-01", "time": "2pm"}, "zebra": true, "activities": ["face painting", "petting zoo"],
             "leaders": [{"day": "Wednesday", "name": "Mark"}, {"day": "Thursday", "name": "Sarah", "note": "line one\\nline two \\u00e9\\ud83d\\ude00"}],
             "empty": {}, "none": null}
            """)
        XCTAssertEqual(text, """
            title: Family day
            when.date: 2026-06-01
            when.time: 2pm
            zebra: true
            activities: face painting, petting zoo

            leaders.day: Wednesday
            leaders.name: Mark

            leaders.day: Thursday
            leaders.name: Sarah
            leaders.note: line one line two é😀

            none: null
            """)
        XCTAssertEqual(try JSONText.extract("{\"title\": \"Family day\"}")?.title, "Family day")
    }

    func testNDJSONRecordsAreParagraphsAndLenientJSONIsRead() throws {
        let document = try load("events.ndjson", "{\"event\":\"login\",\"user\":\"ann\"}\n{\"event\":\"logout\",\"user\":\"bob\"}\n")
        XCTAssertEqual(document.text, "event: login\nuser: ann\n\nevent: logout\nuser: bob")
        // Settings files: comments and trailing commas.
        XCTAssertEqual(try json("// editor settings\n{\n  \"font\": \"mono\", /* size in pt */ \"size\": 12,\n}\n"), "font: mono\nsize: 12")
        // Not JSON: the file's text as it is.
        XCTAssertNil(try JSONText.extract("this is {not json"))
        XCTAssertEqual(try load("notes.json", "this is {not json").text, "this is {not json")
    }

    func testDeepNestingIsBoundedAndLongPathsAreCut() throws {
        let deep = String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)
        XCTAssertEqual(try json(deep), "1")
        let deepObjects = String(repeating: "{\"k\":", count: 10_000) + "\"v\"" + String(repeating: "}", count: 10_000)
        let line = try json(deepObjects)
        XCTAssertEqual(line, Array(repeating: "k", count: JSONText.maxPathComponents).joined(separator: ".") + ".…: v")
        XCTAssertNil(try JSONText.extract(String(repeating: "[", count: 10_000)), "unclosed: not JSON")
        // The text made is bounded: long keys repeated on every line run into the limit.
        let key = String(repeating: "k", count: 60)
        let wide = "{\"\(key)\": {" + (0..<2000).map { "\"a\($0)\": 1" }.joined(separator: ",") + "}}"
        XCTAssertThrowsError(try JSONText.extract(wide, maxOutputBytes: 50_000)) { XCTAssertEqual($0 as? JSONText.Failure, .tooLarge) }
        XCTAssertNotNil(try JSONText.extract(wide, maxOutputBytes: 500_000))
    }
}
