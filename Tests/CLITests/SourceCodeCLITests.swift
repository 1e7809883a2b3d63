import Foundation
import XCTest

/// `--source-code` (and `source_code = on` in the configuration file) indexes program source;
/// without it a source file is skipped with the flag named, and leaves the index again.
extension CLITests {
    func testSourceCodeIsIndexedOnlyWhenAskedByFlagOrConfiguration() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-source-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = work.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("# The backup runs every night at 2am.\nschedule = '0 2 * * *'\n".utf8).write(to: folder.appendingPathComponent("backup.py"))
        try Data("Nothing here.\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let index = work.appendingPathComponent("index.sqlite").path

        let plain = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let skipped = try XCTUnwrap(plain.json?["skipped"] as? [[String: Any]], plain.stdout)
        XCTAssertEqual(skipped.first?["path"] as? String, "backup.py")
        XCTAssertEqual(skipped.first?["detail"] as? String, "source code: read with --source-code (config: source_code = on)")

        let opted = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--source-code", "--json"])
        XCTAssertEqual(opted.status, 0, opted.stderr)
        XCTAssertEqual(opted.json?["documents"] as? Int, 2, opted.stdout)
        XCTAssertEqual((opted.json?["skipped"] as? [Any])?.count, 0, opted.stdout)

        // Off again: it leaves the index. Then on through the configuration file.
        let off = try run(["index", folder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual(off.json?["documents"] as? Int, 1, off.stdout)
        XCTAssertEqual(off.json?["removed"] as? Int, 1, off.stdout)
        let config = work.appendingPathComponent("config/albertqa")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data("source_code = on\n".utf8).write(to: config.appendingPathComponent("config"))
        let configured = try run(["search", folder.path, "backup night", "--index", index, "--retriever", "bm25", "--json"],
                                 environment: ["XDG_CONFIG_HOME": work.appendingPathComponent("config").path])
        XCTAssertEqual(configured.status, 0, configured.stderr)
        XCTAssertTrue(configured.stdout.contains("backup.py"), configured.stdout)
    }
}
