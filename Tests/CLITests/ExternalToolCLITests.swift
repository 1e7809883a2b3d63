import Foundation
import XCTest

/// `albertqa index` with a converter that never ends (as pdftotext on a PDF whose content
/// inflates to 1.5 GB, issue 20): the file is skipped as `timeout` at the limit, and a SIGTERM
/// to `index` kills the converter at once instead of leaving it running as an orphan.
final class ExternalToolCLITests: XCTestCase {
    var base: URL!
    var albertqa: AlbertQAProcess!

    override func setUpWithError() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-tools-\(UUID())")
        let tools = base.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: base.appendingPathComponent("Documents"), withIntermediateDirectories: true)
        try Data("Mount Etna is an active volcano in Sicily.".utf8).write(to: base.appendingPathComponent("Documents/etna.txt"))
        try Data("%PDF-1.4 not really a PDF".utf8).write(to: base.appendingPathComponent("Documents/bomb.pdf"))
        // A pdftotext that never ends, with a child: it writes both pids, then waits forever.
        let fake = tools.appendingPathComponent("pdftotext")
        try Data("#!/bin/sh\nsleep 100000 &\necho \"$$ $!\" > '\(pidFile.path)'\nwait\n".utf8).write(to: fake)
        chmod(fake.path, 0o755)
        albertqa = AlbertQAProcess(prefix: "albertqa-cli-tools")
        albertqa.environment["PATH"] = tools.path + ":" + (albertqa.environment["PATH"] ?? "/usr/bin:/bin")
    }

    override func tearDownWithError() throws {
        albertqa.remove()
        try? FileManager.default.removeItem(at: base)
    }

    var pidFile: URL { base.appendingPathComponent("tool.pids") }
    var documents: String { base.appendingPathComponent("Documents").path }

    /// The fake tool's pid and its child's, once it has started.
    func toolPids() throws -> [pid_t] {
        for _ in 0..<3000 {
            if let text = try? String(contentsOf: pidFile, encoding: .utf8), text.hasSuffix("\n") {
                return text.split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
            }
            usleep(10_000)
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: pidFile.path])
    }

    /// Gone, or a zombie left to its reaper (it no longer runs).
    func isGone(_ pid: pid_t) -> Bool {
        for _ in 0..<200 {
            if kill(pid, 0) != 0, errno == ESRCH { return true }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(10_000)
        }
        return false
    }

    func testAConverterThatNeverEndsIsStoppedAtTheLimitAndTheFileReportedTimeout() throws {
        let started = Date()
        let result = try albertqa.run(["index", documents, "--retriever", "bm25", "--tool-seconds", "1", "--json"])
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json, result.stdout)
        XCTAssertEqual(json["added"] as? Int, 1)
        let skipped = try XCTUnwrap(json["skipped"] as? [[String: Any]], result.stdout)
        let bomb = try XCTUnwrap(skipped.first { $0["path"] as? String == "bomb.pdf" }, "\(skipped)")
        XCTAssertEqual(bomb["reason"] as? String, "timeout")
        XCTAssertEqual(bomb["detail"] as? String, "pdftotext ran over the 1 s limit and was stopped")
        XCTAssertLessThan(elapsed, 20, "index waited for the tool")
        for pid in try toolPids() { XCTAssertTrue(isGone(pid), "pid \(pid) still runs") }

        // The skip is kept in the index: a later run lists it without running the tool again…
        try FileManager.default.removeItem(at: pidFile)
        let again = try albertqa.run(["index", documents, "--retriever", "bm25", "--tool-seconds", "1", "--json"])
        let listed = try XCTUnwrap(again.json?["skipped"] as? [[String: Any]], again.stdout)
        XCTAssertEqual(listed.first { $0["path"] as? String == "bomb.pdf" }?["reason"] as? String, "timeout", "\(listed)")
        XCTAssertEqual(again.json?["unchanged"] as? Int, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: pidFile.path), "the tool ran again on an unchanged file")
        // …and the text report names it with its reason.
        let text = try albertqa.run(["index", documents, "--retriever", "bm25", "--tool-seconds", "1"])
        XCTAssertTrue(text.stdout.contains("skipped: 1 timeout"), text.stdout)
        XCTAssertTrue(text.stdout.contains("bomb.pdf: timeout (pdftotext ran over the 1 s limit and was stopped)"), text.stdout)
        // A higher limit tries the file again.
        let raised = try albertqa.run(["index", documents, "--retriever", "bm25", "--tool-seconds", "1.5", "--json"])
        XCTAssertEqual((raised.json?["skipped"] as? [[String: Any]])?.first?["detail"] as? String,
                       "pdftotext ran over the 1.5 s limit and was stopped", raised.stdout)
        for pid in try toolPids() { XCTAssertTrue(isGone(pid), "pid \(pid) still runs") }
    }

    func testSIGTERMToIndexKillsTheRunningConverterAtOnce() throws {
        let (process, _, output, error) = try albertqa.start(["index", documents, "--retriever", "bm25"])
        let pids = try toolPids()
        XCTAssertEqual(pids.count, 2)
        let signalled = Date()
        process.terminate()  // SIGTERM
        _ = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM, stderr)
        XCTAssertTrue(stderr.contains("indexing interrupted"), stderr)
        XCTAssertLessThan(Date().timeIntervalSince(signalled), 1.5, "index waited for the tool (or for its 2 s deadline)")
        for pid in pids { XCTAssertTrue(isGone(pid), "pid \(pid) outlived index") }
    }
}
