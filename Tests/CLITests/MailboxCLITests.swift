import Foundation
import XCTest

/// An mbox through the real pipeline (Tests/Fixtures/mail/inbox.mbox, Scripts/make-inbox-mbox.py):
/// `index` counts a document a message, `ask` answers from message 2 and cites it as
/// `inbox.mbox#2` in text and in `--json`, a scope names one message, and a changed or removed
/// mbox is re-indexed as a whole.
extension CLITests {
    func testMailboxMessagesAreDocumentsInIndexAndAsk() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-mbox-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = work.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mailbox = folder.appendingPathComponent("inbox.mbox")
        try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Tests/Fixtures/mail/inbox.mbox")).write(to: mailbox)
        let index = work.appendingPathComponent("index.sqlite").path

        let indexed = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        let report = try XCTUnwrap(indexed.json, indexed.stdout)
        XCTAssertEqual(report["documents"] as? Int, 3, indexed.stdout)

        let question = "Where do the volunteers meet?"
        let json = try run(["ask", folder.path, question, "--index", index, "--retriever", "bm25", "--json", "--top", "1"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let answer = try XCTUnwrap(((json.json)?["answers"] as? [[String: Any]])?.first, json.stdout)
        XCTAssertEqual(answer["document"] as? String, "inbox.mbox#2", json.stdout)
        XCTAssertEqual(Self.squadNormalized(answer["text"] as? String ?? ""), "old boathouse", json.stdout)

        let text = try run(["ask", folder.path, question, "--index", index, "--retriever", "bm25", "--top", "1"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("inbox.mbox#2:"), text.stdout)

        // Only the first message in scope: the answer cannot come from message 2.
        let scoped = try run(["ask", folder.path, question, "--index", index, "--retriever", "bm25", "--json", "--top", "1", "--in", "inbox.mbox#1"])
        let scopedAnswer = ((scoped.json)?["answers"] as? [[String: Any]])?.first
        XCTAssertNotEqual(scopedAnswer?["document"] as? String, "inbox.mbox#2", scoped.stdout)

        // Message 2 changed: the answer follows it.
        let changed = try String(contentsOf: mailbox, encoding: .utf8).replacingOccurrences(of: "the old boathouse", with: "the village green")
        try Data(changed.utf8).write(to: mailbox)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: mailbox.path)
        let again = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual((again.json)?["documents"] as? Int, 3, again.stdout)
        XCTAssertEqual((again.json)?["updated"] as? Int, 3, again.stdout)
        let after = try run(["ask", folder.path, question, "--index", index, "--retriever", "bm25", "--json", "--top", "1"])
        let newAnswer = try XCTUnwrap(((after.json)?["answers"] as? [[String: Any]])?.first, after.stdout)
        XCTAssertEqual(newAnswer["document"] as? String, "inbox.mbox#2", after.stdout)
        XCTAssertEqual(Self.squadNormalized(newAnswer["text"] as? String ?? ""), "village green", after.stdout)

        try FileManager.default.removeItem(at: mailbox)
        let removed = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual((removed.json)?["documents"] as? Int, 0, removed.stdout)
        XCTAssertEqual((removed.json)?["removed"] as? Int, 3, removed.stdout)
    }
}
