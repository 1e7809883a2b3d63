import Documents
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Every skip is listed by every update, also when nothing changed: skips that cost a tool run
/// (encrypted, timeout, needs_ocr) are remembered in the index until the file changes (or the
/// cause does), the others are found again for free.
final class SkipMemoryTests: XCTestCase {
    var documents: DocumentFolder!
    var tools: URL { documents.base.appendingPathComponent("bin") }
    var runs: URL { documents.base.appendingPathComponent("runs") }
    var previousPATH: String?

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-skips")
        try documents.write("notes.txt", "Mount Etna is an active volcano.")
        try documents.write("secret.doc", "locked")
        try documents.write("slow.pdf", "%PDF-1.4")
        try documents.write("movie.mp4", "not a document")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        // Stand-ins that count their runs: an antiword that finds the file encrypted (catdoc
        // cannot read it either) and a pdftotext that never ends.
        try tool("antiword", "echo antiword >> '\(runs.path)'; echo 'Encrypted documents are not supported' >&2; exit 1")
        try tool("catdoc", "exit 1")
        try tool("pdftotext", "echo pdftotext >> '\(runs.path)'; exec /bin/sleep 1000")
        previousPATH = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", tools.path, 1)
    }

    override func tearDownWithError() throws {
        if let previousPATH { setenv("PATH", previousPATH, 1) }
        documents.remove()
    }

    func tool(_ name: String, _ body: String) throws {
        let url = tools.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        chmod(url.path, 0o755)
    }

    func toolRuns() -> [String] {
        ((try? String(contentsOf: runs, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func reasons(_ report: IndexReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.relativePath, $0.reason.rawValue) })
    }

    func testSkipsAreListedAgainWithoutRunningTheToolsAgain() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        index.toolSeconds = 0.3
        let expected = ["secret.doc": "encrypted", "slow.pdf": "timeout", "movie.mp4": "unsupported_format"]
        let first = try index.update()
        XCTAssertEqual(first.added, 1)
        XCTAssertEqual(reasons(first), expected)
        XCTAssertEqual(toolRuns().sorted(), ["antiword", "pdftotext"])

        let second = try index.update()
        XCTAssertEqual(second.unchanged, 1)
        XCTAssertEqual(reasons(second), expected, "a run with nothing changed lists every skip")
        XCTAssertEqual(second.skipped.first { $0.relativePath == "slow.pdf" }?.detail, "pdftotext ran over the 0.3 s limit and was stopped")
        XCTAssertEqual(toolRuns().count, 2, "remembered skips do not run the tools again")

        // A higher limit tries the slow file again; a changed file is read again.
        index.toolSeconds = 0.4
        try documents.write("secret.doc", "locked, with a new password")
        let third = try index.update()
        XCTAssertEqual(reasons(third), expected)
        XCTAssertEqual(toolRuns().sorted(), ["antiword", "antiword", "pdftotext", "pdftotext"])
    }
}
