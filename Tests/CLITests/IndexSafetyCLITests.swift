import Foundation
import XCTest

/// `albertqa index` never destroys what is not its own, and two runs on one folder both succeed.
extension CLITests {
    func makeFolder() throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-safety-\(UUID())")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("Documents"), withIntermediateDirectories: true)
        try Data("Mount Etna is an active volcano in Sicily.".utf8).write(to: base.appendingPathComponent("Documents/etna.txt"))
        return base
    }

    func testIndexRefusesAFolderOrAForeignFileAtTheIndexPathAndWritesNothing() throws {
        let base = try makeFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let documents = base.appendingPathComponent("Documents")
        let work = base.appendingPathComponent("work.db")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data("my thesis".utf8).write(to: work.appendingPathComponent("thesis.txt"))
        let notes = base.appendingPathComponent("notes.db")
        try Data("Buy milk.".utf8).write(to: notes)
        let before = try FileManager.default.subpathsOfDirectory(atPath: base.path).sorted()

        for (target, expected) in [(work, "is a folder"), (documents, "is a folder"), (notes, "not an SQLite database")] {
            for command in ["index", "search"] {
                var arguments = [command, documents.path]
                if command == "search" { arguments.append("volcano") }
                let result = try run(arguments + ["--index", target.path])
                XCTAssertEqual(result.status, 1, "\(command) \(target.path): \(result.stderr)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
                XCTAssertTrue(result.stderr.contains(target.path) && result.stderr.contains(expected), result.stderr)
            }
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: base.path).sorted(), before, "nothing written, nothing removed")
        XCTAssertEqual(try String(contentsOf: work.appendingPathComponent("thesis.txt"), encoding: .utf8), "my thesis")
        XCTAssertEqual(try String(contentsOf: notes, encoding: .utf8), "Buy milk.")
    }

    func testTwoIndexRunsOnOneFolderBothSucceed() throws {
        let base = try makeFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let documents = base.appendingPathComponent("Documents")
        for i in 0..<400 {
            try Data("Document \(i) tells of the marmot\(i). \(String(repeating: "Alpine meadows in summer. ", count: 40))".utf8)
                .write(to: documents.appendingPathComponent("doc\(i).txt"))
        }
        let index = base.appendingPathComponent("index.sqlite").path
        var processes: [(Process, Pipe, Pipe)] = []
        for _ in 0..<2 {
            let process = Process()
            process.executableURL = try binary
            process.arguments = ["index", documents.path, "--index", index, "--retriever", "bm25", "--json"]  // passages only
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            processes.append((process, out, err))
        }
        var added: [Int] = []
        for (process, out, err) in processes {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: stdout) as? [String: Any], stderr)
            XCTAssertEqual(json["documents"] as? Int, 401)
            added.append(json["added"] as? Int ?? -1)
        }
        XCTAssertEqual(added.reduce(0, +), 401, "each document indexed once: \(added)")
        let search = try run(["search", documents.path, "marmot399", "--index", index, "--json"])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertEqual((search.json?["passages"] as? [[String: Any]])?.first?["document"] as? String, "doc399.txt")
    }

    func testMaxFileSizeIsAnOptionAndTooLargeFilesAreReported() throws {
        let base = try makeFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let documents = base.appendingPathComponent("Documents")
        try Data(String(repeating: "word ", count: 300_000).utf8).write(to: documents.appendingPathComponent("big.txt"))  // 1.5 MB
        let index = base.appendingPathComponent("index.sqlite").path
        // BM25 alone: 1,364 passages of "word word …" are not worth encoding here.
        let small = try run(["index", documents.path, "--index", index, "--max-file-mb", "1", "--retriever", "bm25", "--json"])
        XCTAssertEqual(small.status, 0, small.stderr)
        XCTAssertEqual((small.json?["skipped_by_reason"] as? [String: Int])?["too_large"], 1)
        XCTAssertEqual(small.json?["documents"] as? Int, 1)
        let large = try run(["index", documents.path, "--index", index, "--max-file-mb", "2", "--retriever", "bm25", "--json"])
        XCTAssertEqual(large.json?["documents"] as? Int, 2, large.stderr)
        XCTAssertEqual(try run(["index", documents.path, "--max-file-mb", "0"]).status, 2)
    }
}
