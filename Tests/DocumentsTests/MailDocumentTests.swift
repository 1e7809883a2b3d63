@testable import Documents
import Foundation
import XCTest

/// Mail (.eml, mbox) as documents: MIME structure, transfer encodings, charsets, attachments,
/// and MIME bombs kept within bounds. The fixtures in Tests/Fixtures/mail/ and their
/// expected.json (what Python's `email` package reads from them) are written by
/// Scripts/make-mail-fixtures.py.
final class MailDocumentTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail")
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-mail-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
    }

    /// What Python's email package read from the fixture.
    func python(_ name: String) throws -> Any {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("expected.json"))
        let all = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(all[name])
    }

    func render(_ name: String, maxTextBytes: Int = 32 << 20) throws -> MailDocument.Rendered {
        MailDocument.message(try fixture(name), maxTextBytes: maxTextBytes)
    }

    /// The text between the header block and the next section or attachment list.
    func body(_ rendered: MailDocument.Rendered) -> String {
        let paragraphs = rendered.structured.text.components(separatedBy: "\n\n")
        return paragraphs.dropFirst().prefix { !$0.hasPrefix("Attachments: ") }.joined(separator: "\n\n")
    }

    /// Python's text, line ends normalised and trimmed, as this reader keeps it.
    func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Each heading points at its text, or, for a message's section, at its header block.
    func assertHeadingsPointAtTheirText(_ structured: StructuredText, file: StaticString = #filePath, line: UInt = #line) {
        let text = ScalarText(structured.text)
        for heading in structured.headings {
            let at = text[heading.offset..<min(text.count, heading.offset + heading.text.unicodeScalars.count)]
            let block = text[heading.offset..<min(text.count, heading.offset + 6)]
            XCTAssertTrue(at == heading.text || ["From: ", "To: ", "Cc: ", "Date: ", "Subjec"].contains { block.hasPrefix($0) },
                          "heading \(heading.text) at \(heading.offset): \(at)", file: file, line: line)
        }
    }

    // MARK: Fixtures, compared with Python's email package

    func testAlternativePrefersPlainQuotedPrintableLatin1AndDecodesFoldedEncodedSubject() throws {
        let rendered = try render("family-day.eml")
        let expected = try XCTUnwrap(try python("family-day.eml") as? [String: Any])
        XCTAssertEqual(rendered.structured.title, "Family day – save the date")
        XCTAssertEqual(rendered.structured.title, expected["subject"] as? String)
        let header = rendered.structured.text.components(separatedBy: "\n\n")[0]
        XCTAssertEqual(header, """
            From: José Pérez <jose@example.org>
            To: staff@example.org, "Ann Lee" <ann@example.org>
            Cc: hr@example.org
            Date: Mon, 2 Jun 2025 09:30:00 +0200
            Subject: Family day – save the date
            """)
        XCTAssertEqual(body(rendered), normalised(try XCTUnwrap(expected["body"] as? String)))
        XCTAssertTrue(body(rendered).contains("face painting, a petting zoo, and funnel cake"))
        XCTAssertTrue(body(rendered).contains("crème brûlée"))
        XCTAssertFalse(rendered.structured.text.contains("<b>"), "the HTML alternative was read too")
        XCTAssertFalse(rendered.lossy)
        XCTAssertEqual(rendered.structured.headings, [DocumentHeading(offset: 0, level: 1, text: "Family day – save the date")])
    }

    func testBase64UTF8BodyAndBase64Subject() throws {
        let rendered = try render("grusse.eml")
        let expected = try XCTUnwrap(try python("grusse.eml") as? [String: Any])
        XCTAssertEqual(rendered.structured.title, "Grüße aus Zürich ✓")
        XCTAssertEqual(rendered.structured.title, expected["subject"] as? String)
        XCTAssertEqual(body(rendered), normalised(try XCTUnwrap(expected["body"] as? String)))
        XCTAssertEqual(body(rendered), "Grüße aus Zürich ✓\nDie Sitzung beginnt um 10 Uhr im Raum « Nord ».")
    }

    func testHTMLOnlyBodyInWindows1252IsReadAsText() throws {
        let rendered = try render("menu.eml")
        let expected = try XCTUnwrap(try python("menu.eml") as? [String: Any])
        XCTAssertEqual(rendered.structured.title, "Menü der Woche")
        XCTAssertEqual(expected["body_type"] as? String, "text/html")
        // Python hands back the HTML; through the same HTML path it is the same text.
        XCTAssertEqual(body(rendered), normalised(HTMLText.extract(try XCTUnwrap(expected["body"] as? String))))
        XCTAssertEqual(body(rendered), "Menü\n\nKaffee kostet 2 €, Kuchen 3 €.")
        // The HTML's h1 sits under the message's own heading.
        XCTAssertEqual(rendered.structured.headings.map(\.text), ["Menü der Woche", "Menü"])
        XCTAssertEqual(rendered.structured.headings.map(\.level), [1, 2])
        assertHeadingsPointAtTheirText(rendered.structured)
    }

    func testDocumentAttachmentsAreSectionsAndOthersAreListedByName() throws {
        let rendered = try render("attachments.eml")
        let expected = try XCTUnwrap(try python("attachments.eml") as? [String: Any])
        XCTAssertEqual(expected["attachments"] as? [String], ["rota.csv", "Quartalsübersicht.docx", "logo.png", "signature.asc"])
        let text = rendered.structured.text
        XCTAssertEqual(text, """
            From: Mark <mark@example.com>
            To: Sarah <sarah@example.com>
            Date: Thu, 5 Jun 2025 16:45:00 +0000
            Subject: Rota and report

            Hi Sarah, the rota and the report are attached.

            Attachments: logo.png

            rota.csv

            Day: Monday · Leader: Sarah · Time: 10am.

            Day: Wednesday · Leader: Mark · Time: 2pm.

            Quartalsübersicht.docx

            Quarterly report

            Sales rose by 12 percent in the northern region.
            """)
        XCTAssertEqual(body(rendered), normalised(try XCTUnwrap(expected["body"] as? String)))
        XCTAssertEqual(rendered.structured.headings.map(\.text), ["Rota and report", "rota.csv", "Quartalsübersicht.docx"])
        XCTAssertEqual(rendered.structured.headings.map(\.level), [1, 2, 2])
        assertHeadingsPointAtTheirText(rendered.structured)
        let outline = DocumentOutline(rendered.structured.headings)
        let sales = text.unicodeScalars.count - text[text.range(of: "Sales rose")!.lowerBound...].unicodeScalars.count
        XCTAssertEqual(outline.sectionLine(at: sales, title: "Rota and report"), "Quartalsübersicht.docx")
    }

    func testMailboxMessagesAreDocumentsWithFromLinesUnquoted() throws {
        let box = MailDocument.mailbox(try fixture("three.mbox"), maxTextBytes: 32 << 20)
        let expected = try XCTUnwrap(try python("three.mbox") as? [[String: String]])
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(box.messages.map(\.number), [1, 2, 3])
        XCTAssertEqual(box.messages.map(\.rendered.structured.title), expected.map { $0["subject"]! })
        XCTAssertEqual(box.messages.map { $0.rendered.structured.headings.map(\.level) }, [[1], [1], [1]])
        XCTAssertEqual(box.notes, [])
        // Python's mailbox.mbox keeps the ">" of ">From " (mboxo); mboxrd writers added it.
        let bodies = expected.map { normalised($0["body"]!).replacingOccurrences(of: "\n>From", with: "\nFrom").replacingOccurrences(of: "\n>>From", with: "\n>From") }
        for (message, body) in zip(box.messages, bodies) {
            XCTAssertTrue(message.rendered.structured.text.contains(body), "missing: \(body)")
            // Each message starts with its header block, where its section starts.
            XCTAssertTrue(message.rendered.structured.text.hasPrefix("From: "))
            XCTAssertEqual(message.rendered.structured.headings.first?.offset, 0)
        }
        XCTAssertTrue(box.messages[0].rendered.structured.text.contains("The picnic is on Friday by the river.\nFrom the station it is a ten-minute walk."))
        XCTAssertTrue(box.messages[1].rendered.structured.text.contains("I will bring crème fraîche.\n>From here on, quoted twice."))
    }

    /// A message past the count limit is not read, a long message is cut at the limit per
    /// message, and all of them stop at the file's text limit: each said as a remark.
    func testMailboxLimitsAreRemarks() {
        let message = { (n: Int) in "From x\nSubject: m\(n)\n\n" + String(repeating: "word\(n) ", count: 40) + "\n\n" }
        let bytes = Array((1...5).map(message).joined().utf8)
        let counted = MailDocument.mailbox(bytes, maxTextBytes: 1 << 20, maxMessages: 3, maxMessageTextBytes: 1 << 20,
                                           limits: MIMEParser.Limits(), tools: ToolSettings())
        XCTAssertEqual(counted.messages.map(\.number), [1, 2, 3])
        XCTAssertEqual(counted.notes, ["messages after the first 3 not read (the limit per mbox)"])
        let cut = MailDocument.mailbox(bytes, maxTextBytes: 1 << 20, maxMessages: 10, maxMessageTextBytes: 100,
                                       limits: MIMEParser.Limits(), tools: ToolSettings())
        XCTAssertEqual(cut.messages.count, 5)
        XCTAssertEqual(cut.messages[0].notes, ["cut at the text limit of 100 bytes per message"])
        XCTAssertTrue(cut.messages[0].rendered.structured.text.hasSuffix("[Not read: the text past the limit of 100 bytes per message]"))
        let full = MailDocument.mailbox(bytes, maxTextBytes: 500, maxMessages: 10, maxMessageTextBytes: 1 << 20,
                                        limits: MIMEParser.Limits(), tools: ToolSettings())
        XCTAssertLessThan(full.messages.count, 5)
        XCTAssertEqual(full.notes, ["messages \(full.messages.count + 1) to 5 not read: past the text limit of 500 bytes per file"])
    }

    func testBlankMailboxMessageKeepsItsNumberAndForwardedMailsNestAsSections() {
        let box = MailDocument.mailbox(Array("From a\n\nFrom b\nSubject: x\n\nhello\n".utf8), maxTextBytes: 1 << 20)
        XCTAssertEqual(box.messages.map(\.number), [2])
        XCTAssertEqual(box.messages[0].rendered.structured.text, "Subject: x\n\nhello")
        XCTAssertEqual(box.messages[0].rendered.structured.headings, [DocumentHeading(offset: 0, level: 1, text: "x")])
        // A forwarded message (message/rfc822) is a section headed by its subject, one level down.
        let forwarded = MailDocument.message(Array("""
            Subject: Fwd: plans
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            See below.
            --m
            Content-Type: message/rfc822

            From: Ann <ann@example.org>
            Subject: plans
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            We meet at the caf=C3=A9.
            --m--
            """.utf8), maxTextBytes: 1 << 20)
        XCTAssertEqual(forwarded.structured.text, "Subject: Fwd: plans\n\nSee below.\n\nFrom: Ann <ann@example.org>\nSubject: plans\n\nWe meet at the café.")
        XCTAssertEqual(forwarded.structured.headings.map(\.text), ["Fwd: plans", "plans"])
        XCTAssertEqual(forwarded.structured.headings.map(\.level), [1, 2])
        assertHeadingsPointAtTheirText(forwarded.structured)
    }

    func testLoaderReadsEmlAndFilesNamedMbox() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Archive.mbox"), withIntermediateDirectories: true)
        try Data(try fixture("three.mbox")).write(to: folder.appendingPathComponent("Archive.mbox/mbox"))
        try Data(try fixture("family-day.eml")).write(to: folder.appendingPathComponent("family-day.eml"))
        let walk = try FolderWalker.walk(folder)
        let files = walk.files.sorted { $0.relativePath < $1.relativePath }
        XCTAssertEqual(files.map(\.relativePath), ["Archive.mbox/mbox", "family-day.eml"])
        XCTAssertEqual(files.map(\.format), [.mbox, .eml])
        guard case let .loaded(mail) = DocumentLoader.load(files[1]) else { return XCTFail("the .eml was skipped") }
        XCTAssertEqual(mail.title, "Family day – save the date")
        XCTAssertTrue(mail.text.hasPrefix("From: José Pérez"))
        guard case let .mailbox(messages) = DocumentLoader.load(files[0]) else { return XCTFail("the mbox was not read as messages") }
        XCTAssertEqual(messages.map(\.name), ["Archive.mbox/mbox#1", "Archive.mbox/mbox#2", "Archive.mbox/mbox#3"])
        XCTAssertEqual(messages.map(\.title), ["Picnic", "Re: Picnic", "Picnic – weather"])
    }

    func testOutlookMessageIsConvertedInAPrivateFolderByMsgconvert() throws {
        try Data(try fixture("family-day.msg")).write(to: folder.appendingPathComponent("family-day.msg"))
        let file = try XCTUnwrap(try FolderWalker.walk(folder).files.first)
        XCTAssertEqual(file.format, .msg)
        let outcome = DocumentLoader.load(file)
        // msgconvert writes nothing beside the user's file.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["family-day.msg"])
        guard ExternalTool.msgconvert.isInstalled else {
            guard case let .skipped(skip) = outcome else { return XCTFail("read without msgconvert") }
            XCTAssertEqual(skip.reason, .toolMissing)
            XCTAssertEqual(skip.detail, "msgconvert is not installed (Debian: apt install libemail-outlook-message-perl)")
            return
        }
        if case let .skipped(skip) = outcome {
            // Debian 12 installs msgconvert without the Perl module it needs.
            XCTAssertEqual(skip.reason, .toolMissing)
            XCTAssertEqual(skip.detail, "msgconvert needs Email::Address (Debian: apt install libemail-address-perl)")
            return
        }
        guard case let .loaded(document) = outcome else { return XCTFail("unreachable") }
        XCTAssertEqual(document.title, "Family day – save the date")
        XCTAssertTrue(document.text.hasPrefix("From: José Pérez <jose@example.org>\nTo: Ann Lee\nDate: Mon, 02 Jun 2025 07:30:00 +0000\n"), document.text)
        XCTAssertTrue(document.text.contains("Subject: Family day – save the date\n\nDear colleagues,"))
        XCTAssertTrue(document.text.contains("face painting, a petting zoo, and funnel cake for everyone."))
        // msgconvert encoded the body twice (a wide character in the subject); repaired.
        XCTAssertTrue(document.text.hasSuffix("\n\nJosé"), String(document.text.suffix(20)))
        XCTAssertFalse(document.lossy)
    }

    func testMsgconvertDoubleEncodedBodyIsRepairedOnlyWhenPerlWarned() {
        let header = "Subject: a – b\n\n"
        let doubled = Array((header + "Jos\u{C3}\u{A9}").utf8)
        XCTAssertEqual(DocumentLoader.repairedMsgconvertOutput(doubled, errors: "Wide character in print at /usr/bin/msgconvert line 62."),
                       Array((header + "José").utf8))
        XCTAssertEqual(DocumentLoader.repairedMsgconvertOutput(doubled, errors: ""), doubled)
        let crlf = Array(("Subject: a – b\r\n\r\nJos\u{C3}\u{A9}\r\n").utf8)
        XCTAssertEqual(DocumentLoader.repairedMsgconvertOutput(crlf, errors: "Wide character in print"), Array("Subject: a – b\r\n\r\nJosé\r\n".utf8))
        // A body with characters above U+00FF was not double-encoded: left alone.
        let single = Array((header + "a – b").utf8)
        XCTAssertEqual(DocumentLoader.repairedMsgconvertOutput(single, errors: "Wide character in print"), single)
    }

    // MARK: Bounds

    func testNestedMultipartDepthBombIsCutAtTheDepthLimit() throws {
        // 100,000 multiparts nested in one another, each with a boundary of its own: 6 MB.
        let levels = (0..<100_000).map { "Content-Type: multipart/mixed; boundary=\"b\($0)\"\n\n--b\($0)\n" }
        let bomb = Array((levels.joined() + "Content-Type: text/plain\n\ndeep text\n").utf8)
        let start = Date()
        let rendered = MailDocument.message(bomb, maxTextBytes: 32 << 20)
        // Generous for a loaded debug build: a scan per level all the way down would take hours.
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "the depth bomb took too long")
        XCTAssertFalse(rendered.structured.text.contains("deep text"))
        XCTAssertTrue(rendered.structured.text.contains("[Not read: parts nested deeper than 16 levels]"), rendered.structured.text)
    }

    func testSiblingPartBombKeepsAThousandParts() throws {
        let bomb = Array(("Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n\nx\n", count: 300_000) + "--b--\n").utf8)
        let start = Date()
        let (message, truncation) = MIMEParser.parse(bomb)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(message.children.count, 999)
        XCTAssertTrue(truncation.partsLimited)
        let rendered = MailDocument.message(bomb, maxTextBytes: 32 << 20)
        XCTAssertTrue(rendered.structured.text.hasSuffix("[Not read: parts after the first 1000 of a message]"))
    }

    func testFiveMegabyteSingleLineBase64PartsAreBounded() throws {
        let line = Data(repeating: UInt8(ascii: "a"), count: 3_750_000).base64EncodedString()  // 5 MB, one line
        XCTAssertEqual(line.utf8.count, 5_000_000)
        let mail = Array("""
            Subject: big
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain
            Content-Transfer-Encoding: base64

            \(line)
            --b
            Content-Type: application/octet-stream; name=blob.bin
            Content-Transfer-Encoding: base64

            \(line)
            --b
            Content-Type: text/plain; name=huge.txt
            Content-Disposition: attachment; filename=huge.txt
            Content-Transfer-Encoding: base64

            \(line)\(line.prefix(1_000_000))
            --b--

            """.utf8)
        let start = Date()
        let rendered = MailDocument.message(mail, maxTextBytes: 1 << 20)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        let text = rendered.structured.text
        XCTAssertLessThan(text.utf8.count, (1 << 20) + 200)
        XCTAssertTrue(text.hasSuffix("[Not read: the text past the limit of 1 MiB per file]"), String(text.suffix(200)))
        XCTAssertTrue(text.hasPrefix("Subject: big\n\naaaa"))
        // With room for the body, the attachments are listed: the binary one by name, the text
        // one with the reason it was not read.
        let roomy = MailDocument.message(mail, maxTextBytes: 32 << 20).structured.text
        let expected = "Subject: big\n\n" + String(repeating: "a", count: 3_750_000)
            + "\n\nAttachments: blob.bin, huge.txt (not read: its text is over 4096 kB)"
        XCTAssertTrue(Array(roomy.utf8) == Array(expected.utf8), String(roomy.suffix(200)))
    }

    func testAttachmentPastTheFilesTextLimitIsListedWithItsReason() {
        let body = String(repeating: "b", count: 700_000)
        let attachment = Data(repeating: UInt8(ascii: "c"), count: 500_000).base64EncodedString()
        let mail = Array("""
            Subject: limits
            Content-Type: multipart/mixed; boundary=b

            --b

            \(body)
            --b
            Content-Type: text/plain; name=c.txt
            Content-Disposition: attachment; filename=c.txt
            Content-Transfer-Encoding: base64

            \(attachment)
            --b--
            """.utf8)
        let text = MailDocument.message(mail, maxTextBytes: 1 << 20).structured.text
        XCTAssertTrue(text.hasSuffix("\n\nAttachments: c.txt (not read: past the text limit of 1 MiB per file)"), String(text.suffix(120)))
        XCTAssertEqual(text.utf8.count, "Subject: limits\n\n".utf8.count + 700_000 + "\n\nAttachments: c.txt (not read: past the text limit of 1 MiB per file)".utf8.count)
    }

    // MARK: Pieces

    func testEncodedWords() {
        XCTAssertEqual(EncodedWords.decode("=?utf-8?B?w6l0w6k=?= =?ISO-8859-1?Q?_caf=E9?="), "été café")
        XCTAssertEqual(EncodedWords.decode("Re: =?iso-8859-1?q?Gr=FC=DFe?= und so"), "Re: Grüße und so")
        XCTAssertEqual(EncodedWords.decode("=?utf-8*en?Q?a_b?="), "a b")
        // Not encoded words: kept as written.
        XCTAssertEqual(EncodedWords.decode("=?utf-8?X?abc?= and =?broken"), "=?utf-8?X?abc?= and =?broken")
        // An unknown charset falls back to UTF-8, then Windows-1252.
        XCTAssertEqual(EncodedWords.decode("=?x-made-up?Q?caf=E9?="), "café")
    }

    func testTransferEncodings() {
        XCTAssertEqual(TransferEncoding.decodeQuotedPrintable(Array("caf=E9 =\r\nsoft=\nbreak  \r\nend = kept=4".utf8)[...]),
                       Array("caf".utf8) + [0xE9] + Array(" softbreak\r\nend = kept=4".utf8))
        XCTAssertEqual(TransferEncoding.decodeBase64(Array("aGVs\r\nbG8g d29y bGQ=".utf8)[...]), Array("hello world".utf8))
        XCTAssertEqual(TransferEncoding.decodeBase64(Array("aGk".utf8)[...]), Array("hi".utf8))
    }

    func testHeadersUnfoldAndParametersFollowRFC2231() {
        let (headers, bodyStart) = MailHeaders.parse(Array("From x Mon\nSubject: a\n b\n\tc\nX-Odd:\nnot a header\n\nbody".utf8)[...])
        XCTAssertEqual(headers.text("subject"), "a b c")
        XCTAssertNil(headers.text("x-odd"))
        XCTAssertEqual(bodyStart, 35)  // "not a header" starts the body, as in Python
        let parameters = MIMEParameters(#"attachment; filename*0*=utf-8''Gr%C3%BC; filename*1="sse.txt"; size=12"#)
        XCTAssertEqual(parameters.value, "attachment")
        XCTAssertEqual(parameters.parameters["filename"], "Grüsse.txt")
        XCTAssertEqual(MIMEParameters(#"text/plain; name="a \"quoted\"; name.txt""#).parameters["name"], #"a "quoted"; name.txt"#)
        XCTAssertEqual(MIMEParameters(#"image/png; name="=?utf-8?B?w6TDtsO8LnBuZw==?=""#).parameters["name"], "äöü.png")
    }

    func testMultipartWithoutClosingDelimiterOrBoundaryIsStillRead() {
        let open = MailDocument.message(Array("Content-Type: multipart/mixed; boundary=z\n\npreamble\n--z\n\nfirst\n--z  \n\nsecond".utf8), maxTextBytes: 1 << 20)
        XCTAssertEqual(open.structured.text, "first\n\nsecond")
        let noBoundary = MailDocument.message(Array("Content-Type: multipart/mixed\n\njust text".utf8), maxTextBytes: 1 << 20)
        XCTAssertEqual(noBoundary.structured.text, "just text")
    }
}
