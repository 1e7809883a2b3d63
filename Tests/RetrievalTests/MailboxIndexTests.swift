import Documents
import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// An mbox is a document a message (`inbox.mbox#2`): indexed, searched, scoped, replaced when
/// the file changes, skipped when it does not, removed with the file.
final class MailboxIndexTests: XCTestCase {
    var documents: DocumentFolder!
    static let inbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail/inbox.mbox")

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-mbox")
        try Data(contentsOf: Self.inbox).write(to: mailbox)
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    var mailbox: URL { documents.url.appendingPathComponent("inbox.mbox") }

    func makeIndex() throws -> PassageIndex {
        try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
    }

    func testEachMessageIsADocumentNamedByItsNumber() throws {
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.documents, 3)
        XCTAssertEqual(report.added, 3)
        XCTAssertEqual(try index.documentPaths(), ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3"])
        let hit = try XCTUnwrap(try index.search("where do the volunteers meet").first)
        XCTAssertEqual(hit.documentPath, "inbox.mbox#2")
        XCTAssertEqual(hit.title, "River clean-up on Saturday")
        // The viewer's text is the message's, not the file's.
        let second = try XCTUnwrap(try index.documentText(path: "inbox.mbox#2"))
        XCTAssertTrue(second.hasPrefix("From: Tom <tom@example.org>"), second)
        XCTAssertTrue(second.contains("The volunteers meet at the old boathouse"))
        XCTAssertFalse(second.contains("boat club thanks"))
        // The third message's attachment is read as its section, a table row a passage-unit.
        let third = try XCTUnwrap(try index.documentText(path: "inbox.mbox#3"))
        XCTAssertTrue(third.contains("Day: Thursday · Coach: Jonas · Boat: Heron"), third)
        XCTAssertEqual(try index.search("Jonas Heron").first?.documentPath, "inbox.mbox#3")
        // A scope naming the mbox names its messages; `#2` names one.
        XCTAssertEqual(try index.resolve(QuestionScope(["inbox.mbox"])).documentIDs.count, 3)
        XCTAssertEqual(try index.resolve(QuestionScope(["inbox.mbox#2"])).documentIDs.count, 1)
    }

    func testAChangedMailboxReplacesAllItsMessagesAndARemovedOneRemovesThem() throws {
        let index = try makeIndex()
        _ = try index.update()
        let unchanged = try index.update()
        XCTAssertEqual(unchanged.unchanged, 1)
        XCTAssertEqual(unchanged.added + unchanged.updated + unchanged.removed, 0)

        // Touched, same bytes: read again, nothing rewritten.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: mailbox.path)
        let touched = try index.update()
        XCTAssertEqual(touched.unchanged, 1)
        XCTAssertEqual(touched.updated, 0)

        // A fourth message, and the second changed: all four are written, none left behind.
        var text = try String(contentsOf: mailbox, encoding: .utf8)
        text = text.replacingOccurrences(of: "old boathouse", with: "new pavilion")
        text += "From kim@example.org Thu Jun  5 09:00:00 2025\nFrom: Kim <kim@example.org>\nSubject: Lost oar\n\nA blue oar was found by the slipway.\n\n"
        try Data(text.utf8).write(to: mailbox)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: mailbox.path)
        let changed = try index.update()
        XCTAssertEqual(changed.updated, 4)
        XCTAssertEqual(changed.documents, 4)
        XCTAssertEqual(try index.documentPaths(), ["inbox.mbox#1", "inbox.mbox#2", "inbox.mbox#3", "inbox.mbox#4"])
        XCTAssertEqual(try index.search("slipway oar").first?.documentPath, "inbox.mbox#4")
        XCTAssertEqual(try index.search("pavilion").first?.documentPath, "inbox.mbox#2")
        XCTAssertTrue(try index.search("boathouse").isEmpty, "the old text of message 2 is gone")

        try FileManager.default.removeItem(at: mailbox)
        let removed = try index.update()
        XCTAssertEqual(removed.removed, 4)
        XCTAssertEqual(removed.documents, 0)
        XCTAssertEqual(removed.passages, 0)
        XCTAssertTrue(try index.search("volunteers").isEmpty)
    }

    /// An index of the previous schema (one document an mbox) is rebuilt on opening, and then
    /// holds a document a message.
    func testAnIndexOfTheLastSchemaIsRebuiltIntoMessages() throws {
        _ = try makeIndex().update()
        do {
            let old = try SQLiteDatabase(existingFile: documents.base.appendingPathComponent("index.sqlite").path)
            try old.execute("PRAGMA user_version = 6")
        }
        let index = try makeIndex()
        XCTAssertTrue(index.rebuiltBecause?.contains("another version") == true, index.rebuiltBecause ?? "not rebuilt")
        XCTAssertEqual(try index.update().documents, 3)
    }

    func testNamesOfMessages() {
        XCTAssertEqual(DocumentName.of("mail/inbox.mbox", message: 3), "mail/inbox.mbox#3")
        XCTAssertEqual(DocumentName.of("notes.txt", message: nil), "notes.txt")
        XCTAssertEqual(DocumentName.bytes(Array("Archive.mbox/mbox".utf8), message: 12), Array("Archive.mbox/mbox#12".utf8))
        XCTAssertEqual(DocumentName.bytes([0x66, 0xFF], message: nil), [0x66, 0xFF])
        XCTAssertEqual(DocumentName.mailboxMessage("mail/inbox.mbox#3")?.path, "mail/inbox.mbox")
        XCTAssertEqual(DocumentName.mailboxMessage("mail/inbox.mbox#3")?.message, 3)
        XCTAssertEqual(DocumentName.mailboxMessage("Archive.mbox/mbox#12")?.message, 12)
        // Only an mbox's name with a positive number: anything else is a file's name.
        for name in ["inbox.mbox", "inbox.mbox#", "inbox.mbox#0", "inbox.mbox#-1", "inbox.mbox#2x", "notes.txt#2", "inbox.mbox#99999999999"] {
            XCTAssertNil(DocumentName.mailboxMessage(name), name)
        }
    }
}
