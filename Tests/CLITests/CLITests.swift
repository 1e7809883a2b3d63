import Foundation
import XCTest

/// The `albertqa` executable as a user runs it: flags, exit codes, JSON shapes.
final class CLITests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    var binary: URL {
        get throws {
            // The test bundle sits next to the products of the same build (the test target
            // depends on the executable, so it is always built first).
            let bundle = Bundle(for: CLITests.self).bundleURL
            let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("albertqa") }
            guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
            }
            return url
        }
    }

    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.repositoryRoot
        var env = ProcessInfo.processInfo.environment
        env["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-cache").path
        // Never the machine user's own configuration or history.
        env["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-config-none").path
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-state").path
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testTokenizePrintsHuggingFacesPiecesAndIdsPerLine() throws {
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Tests/Fixtures/tokenizer-cases.json"))) as! [String: Any]
        let cases = (fixture["cases"] as! [[String: Any]]).filter { !($0["text"] as! String).contains("\n") }.suffix(12)
        let result = try run(["tokenize", "--json"], stdin: cases.map { $0["text"] as! String }.joined(separator: "\n") + "\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, cases.count)
        for (line, testCase) in zip(lines, cases) {
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            XCTAssertEqual(json["pieces"] as? [String], testCase["pieces"] as? [String])
            XCTAssertEqual(json["ids"] as? [Int], testCase["ids"] as? [Int])
        }
    }

    func testReadPrintsAnswersWithOffsetsIntoTheContext() throws {
        let context = "Zürich's museum opened in 1898. ABC originally launched on October 12, 1943 as a radio network."
        let result = try run(["read", "--question", "When did ABC first start?", "--context", context, "--top", "3", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json)
        XCTAssertNotNil(json["null_score"] as? Double)
        let answers = try XCTUnwrap(json["answers"] as? [[String: Any]])
        XCTAssertEqual(answers.first?["text"] as? String, "October 12, 1943")
        XCTAssertLessThanOrEqual(answers.count, 3)
        let scalars = Array(context.unicodeScalars)
        for answer in answers {
            let start = answer["start"] as! Int, end = answer["end"] as! Int
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[start..<end])), answer["text"] as? String)
            XCTAssertNotNil(answer["score"] as? Double)
        }
    }

    func testUsageErrorsExitWithTwoAndFailuresWithOneLineAndOne() throws {
        let unknown = try run(["read", "--bogus"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown option --bogus"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("usage: albertqa read"), unknown.stderr)
        XCTAssertEqual(try run(["read", "--context", "x"]).status, 2, "missing --question")
        XCTAssertEqual(try run(["bench", "--seq", "abc"]).status, 2)
        XCTAssertEqual(try run(["frobnicate"]).status, 2)

        let badModel = try run(["read", "--question", "q", "--context", "c", "--model", "/nonexistent/model"])
        XCTAssertEqual(badModel.status, 1)
        XCTAssertEqual(badModel.stderr.split(separator: "\n").count, 1, badModel.stderr)
        XCTAssertTrue(badModel.stderr.contains("/nonexistent/model"), badModel.stderr)
        let missingFile = try run(["read", "--question", "q", "--context-file", "/nonexistent/context.txt"])
        XCTAssertEqual(missingFile.status, 1)
        XCTAssertTrue(missingFile.stderr.contains("/nonexistent/context.txt"))
    }

    func testHelpAndVersion() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        for command in ["ask", "index", "search", "eval", "read", "tokenize", "bench"] {
            XCTAssertTrue(help.stdout.contains("  \(command) "), command)
            let commandHelp = try run([command, "--help"])
            XCTAssertEqual(commandHelp.status, 0, command)
            XCTAssertTrue(commandHelp.stdout.contains("usage: albertqa \(command)"), command)
        }
        XCTAssertTrue(try run(["--version"]).stdout.hasPrefix("albertqa "))
    }

    func testBenchPrintsTheLatencyAsJSON() throws {
        let result = try run(["bench", "--seq", "32", "--runs", "2", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json)
        XCTAssertEqual(json["seq"] as? Int, 32)
        XCTAssertGreaterThan(json["ms_min"] as? Double ?? 0, 0)
        XCTAssertGreaterThanOrEqual(json["ms_median"] as? Double ?? 0, json["ms_min"] as? Double ?? 0)
        XCTAssertGreaterThanOrEqual(json["threads"] as? Int ?? 0, 1)
    }

    func testTokenizeWithTheEncodersWordPiece() throws {
        let result = try run(["tokenize", "--encoder", "--json"], stdin: "Temüjin MARRIED Börte.\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json)
        XCTAssertEqual(json["pieces"] as? [String], ["te", "##mu", "##jin", "married", "bo", "##rte", "."])
        XCTAssertEqual(json["ids"] as? [Int], [8915, 12274, 14642, 2496, 8945, 19731, 1012])
        XCTAssertEqual(json["ranges"] as? [[Int]], [[0, 2], [2, 4], [4, 7], [8, 15], [16, 18], [18, 21], [21, 22]])
    }

    func testBenchTimesTheEncoder() throws {
        let result = try run(["bench", "--encoder", "--precision", "fp32", "--runs", "1", "--passages", "3", "--words", "20", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(result.json)
        XCTAssertEqual(json["precision"] as? String, "fp32")
        XCTAssertEqual(json["passages"] as? Int, 3)
        XCTAssertGreaterThan(json["passages_per_second"] as? Double ?? 0, 0)
        XCTAssertGreaterThan(json["tokens_per_passage"] as? Double ?? 0, 20)
        XCTAssertGreaterThan(json["query_ms_min"] as? Double ?? 0, 0)
        let missing = try run(["bench", "--encoder", "/nonexistent/encoder", "--runs", "1"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "albertqa: /nonexistent/encoder: no such encoder model directory\n")
    }

    func testEveryPrecisionReadsTheSameAnswerAndBenchComparesThem() throws {
        let context = "ABC originally launched on October 12, 1943 as a radio network."
        for precision in ["fp32", "bf16", "int8", "auto"] {
            // A precision this CPU lacks falls back to fp32 with a notice, never a failure.
            let result = try run(["read", "--question", "When did ABC first start?", "--context", context, "--precision", precision, "--json"])
            XCTAssertEqual(result.status, 0, "\(precision): \(result.stderr)")
            XCTAssertEqual((result.json?["answers"] as? [[String: Any]])?.first?["text"] as? String, "October 12, 1943", precision)
        }
        let bench = try run(["bench", "--precision", "all", "--seq", "64", "--runs", "2", "--json"])
        XCTAssertEqual(bench.status, 0, bench.stderr)
        let rows = try XCTUnwrap(bench.json?["results"] as? [[String: Any]] ?? bench.json.map { [$0] })
        XCTAssertEqual(rows.first?["precision"] as? String, "fp32", "fp32 first: the others' ratios refer to it")
        XCTAssertEqual(rows.first?["median_vs_fp32"] as? Double, 1)
        for row in rows {
            XCTAssertEqual((row["ms_runs"] as? [Double])?.count, 2)
            XCTAssertGreaterThan(row["median_vs_fp32"] as? Double ?? 0, 0)
        }
        // Every kernel table this CPU runs, timed in turns; the reference runs everywhere.
        let tables = try run(["bench", "--kernels", "all", "--precision", "fp32", "--seq", "32", "--runs", "2", "--rounds", "2", "--json"])
        XCTAssertEqual(tables.status, 0, tables.stderr)
        let tableRows = try XCTUnwrap(tables.json?["results"] as? [[String: Any]] ?? tables.json.map { [$0] })
        XCTAssertEqual(tableRows.last?["kernels"] as? String, "reference")
        XCTAssertEqual(Set(tableRows.compactMap { $0["kernels"] as? String }).count, tableRows.count)
        for row in tableRows { XCTAssertEqual((row["ms_runs"] as? [Double])?.count, 2) }
        // The path pinned by the environment, as tests and scripts do; the answer is the same.
        let pinned = try run(["read", "--question", "When did ABC first start?", "--context", context, "--precision", "int8", "--json"],
                             environment: ["ALBERTQA_KERNELS": "reference"])
        XCTAssertEqual(pinned.status, 0, pinned.stderr)
        XCTAssertEqual((pinned.json?["answers"] as? [[String: Any]])?.first?["text"] as? String, "October 12, 1943")
        // Kernels for another CPU: one line, exit 1, naming what does run.
        #if arch(x86_64)
        let foreign = "neon"
        #else
        let foreign = "avx2"
        #endif
        let unavailable = try run(["read", "--question", "q", "--context", "c", "--kernels", foreign])
        XCTAssertEqual(unavailable.status, 1, unavailable.stderr)
        XCTAssertEqual(unavailable.stderr.split(separator: "\n").count, 1, unavailable.stderr)
        XCTAssertTrue(unavailable.stderr.contains("reference"), unavailable.stderr)
        XCTAssertEqual(try run(["read", "--question", "q", "--context", "c", "--kernels", "sse9"]).status, 2)
        let badEnvironment = try run(["read", "--question", "q", "--context", "c"], environment: ["ALBERTQA_KERNELS": "sse9"])
        XCTAssertEqual(badEnvironment.status, 1)
        XCTAssertTrue(badEnvironment.stderr.contains("ALBERTQA_KERNELS=sse9"), badEnvironment.stderr)

        let bogus = try run(["bench", "--precision", "fp16"])
        XCTAssertEqual(bogus.status, 2)
        XCTAssertTrue(bogus.stderr.contains("fp16"), bogus.stderr)
        XCTAssertEqual(try run(["read", "--question", "q", "--context", "c", "--precision", "int4"]).status, 2)
    }

    func testIndexSearchAndAskOnAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("The Aletsch Glacier is 23 kilometres long.\n\nMount Etna is a volcano in Sicily.".utf8).write(to: folder.appendingPathComponent("nature.txt"))
        try Data([0, 1, 2, 0]).write(to: folder.appendingPathComponent("blob.txt"))
        let index = folder.appendingPathComponent("index.sqlite").path

        // Without vectors (index --retriever bm25), the default retriever searches with BM25 at
        // once and says on stderr how to get hybrid retrieval.
        let lexicalIndex = folder.appendingPathComponent("lexical.sqlite").path
        let lexical = try run(["index", folder.path, "--index", lexicalIndex, "--retriever", "bm25", "--json"])
        XCTAssertEqual(lexical.status, 0, lexical.stderr)
        XCTAssertNil(lexical.json?["vectors"], "index --retriever bm25 computes no vectors")
        let before = try run(["search", folder.path, "volcano", "--index", lexicalIndex, "--json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual((before.json?["passages"] as? [[String: Any]])?.first?["score_kind"] as? String, "bm25")
        XCTAssertTrue(before.stderr.contains("0 of 1 passages have vectors") && before.stderr.contains("albertqa index"), before.stderr)
        XCTAssertEqual(before.stderr.split(separator: "\n").count, 1, before.stderr)

        // index computes the passage vectors by default; then the default retriever is hybrid.
        let indexed = try run(["index", folder.path, "--index", index, "--json"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        let report = try XCTUnwrap(indexed.json)
        XCTAssertEqual(report["added"] as? Int, 1)
        XCTAssertEqual((report["skipped_by_reason"] as? [String: Int])?["binary"], 1)
        XCTAssertEqual((report["vectors"] as? [String: Any])?["stored"] as? Int, report["passages"] as? Int)
        let again = try XCTUnwrap(try run(["index", folder.path, "--index", index, "--json"]).json)
        XCTAssertEqual(again["unchanged"] as? Int, 1)
        XCTAssertEqual((again["vectors"] as? [String: Any])?["encoded"] as? Int, 0, "nothing new to encode")
        let after = try run(["search", folder.path, "volcano", "--index", index, "--json"])
        XCTAssertEqual((after.json?["passages"] as? [[String: Any]])?.first?["score_kind"] as? String,
                       "fused", after.stderr)
        XCTAssertEqual(after.stderr, "", "no note once the vectors are complete")

        let search = try XCTUnwrap(try run(["search", folder.path, "volcano", "--retriever", "bm25", "--index", index, "--json"]).json)
        let passage = try XCTUnwrap((search["passages"] as? [[String: Any]])?.first)
        XCTAssertEqual(passage["document"] as? String, "nature.txt")
        // Both short paragraphs form one passage (short paragraphs join the next).
        XCTAssertEqual(passage["text"] as? String, "The Aletsch Glacier is 23 kilometres long.\n\nMount Etna is a volcano in Sicily.")
        XCTAssertEqual(passage["start"] as? Int, 0)
        XCTAssertEqual(passage["title"] as? String, "nature", "a text file is titled by its name")
        XCTAssertEqual(passage["section"] as? String, "")
        XCTAssertEqual(passage["score_kind"] as? String, "bm25")

        // Dense and hybrid retrieval compute the passage vectors first, with the shipped encoder.
        let dense = try run(["search", folder.path, "Which mountain erupts?", "--retriever", "dense", "--index", index, "--json"])
        XCTAssertEqual(dense.status, 0, dense.stderr)
        let densePassage = try XCTUnwrap((dense.json?["passages"] as? [[String: Any]])?.first)
        XCTAssertEqual(densePassage["score_kind"] as? String, "cosine")
        XCTAssertGreaterThan(densePassage["score"] as? Double ?? 0, 0.1)
        let hybrid = try run(["search", folder.path, "volcano", "--retriever", "hybrid", "--index", index, "--json"])
        XCTAssertEqual((hybrid.json?["passages"] as? [[String: Any]])?.first?["score_kind"] as? String, "fused", hybrid.stderr)
        let rrf = try run(["search", folder.path, "volcano", "--retriever", "hybrid", "--fusion", "rrf", "--index", index, "--json"])
        XCTAssertEqual((rrf.json?["passages"] as? [[String: Any]])?.first?["score_kind"] as? String, "rrf", rrf.stderr)
        XCTAssertEqual(try run(["search", folder.path, "volcano", "--vector-window", "8,9", "--index", index]).status, 2, "a stride beyond the window")
        XCTAssertEqual(try run(["search", folder.path, "volcano", "--retriever", "sparse", "--index", index]).status, 2)

        let ask = try run(["ask", folder.path, "How long is the Aletsch Glacier?", "--index", index, "--json"])
        XCTAssertEqual(ask.status, 0, ask.stderr)
        let answers = try XCTUnwrap(ask.json?["answers"] as? [[String: Any]])
        XCTAssertEqual(answers.first?["document"] as? String, "nature.txt")
        XCTAssertEqual(answers.first?["title"] as? String, "nature")
        XCTAssertTrue((answers.first?["text"] as? String)?.contains("23 kilometres") == true)
        XCTAssertEqual(ask.json?["no_answer"] as? Bool, false)
    }

    func testRecallWritesEachQuestionsCandidatesForFittingAFusion() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-candidates-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("candidates.jsonl")
        let recall = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "hybrid", "--fusion-depth", "5",
                              "--candidates", file.path, "--json"])
        XCTAssertEqual(recall.status, 0, recall.stderr)
        let questions = try XCTUnwrap(recall.json?["questions"] as? Int)
        let rows = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(rows.count, questions)
        for row in rows {
            let bm25 = try XCTUnwrap(row["bm25"] as? [[Double]])
            let dense = try XCTUnwrap(row["dense"] as? [[Double]])
            XCTAssertLessThanOrEqual(bm25.count, 5)
            XCTAssertEqual(dense.count, 5, "the subset has more than 5 passages")
            XCTAssertEqual(bm25.map { $0[1] }, bm25.map { $0[1] }.sorted(by: >), "BM25 scores, best first")
            let cosines = try XCTUnwrap(row["cosines"] as? [String: Double])
            for id in (bm25 + dense).map({ String(Int($0[0])) }) { XCTAssertNotNil(cosines[id], "every candidate's cosine") }
            XCTAssertFalse((row["gold"] as? [Int] ?? []).isEmpty)
        }
        XCTAssertEqual(try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--candidates", file.path]).status, 2,
                       "candidates need the dense list")
    }

    func testAskSaysNotFoundForSomethingTheFolderDoesNotAnswerAndExitsWithThree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("""
            The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais.

            Mount Etna is an active volcano on the east coast of Sicily, Italy. It erupted in 2021. Many visitors come from France and Germany.

            The company raised capital from private investors in 2019 and opened three new offices in Geneva. Its president is proud of the growth.
            """.utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let index = folder.appendingPathComponent("index.sqlite").path

        let absent = try run(["ask", folder.path, "Who is the president of France?", "--index", index, "--json"])
        XCTAssertEqual(absent.status, 3, "not found has its own exit code: \(absent.stdout) \(absent.stderr)")
        let json = try XCTUnwrap(absent.json)
        XCTAssertEqual(json["found"] as? Bool, false)
        XCTAssertEqual(json["status"] as? String, "not_found")
        let guesses = try XCTUnwrap(json["answers"] as? [[String: Any]])
        XCTAssertFalse(guesses.isEmpty, "the best guesses are still listed")
        let probability = try XCTUnwrap(guesses[0]["probability"] as? Double)
        XCTAssertLessThan(probability, 0.5)
        XCTAssertNotNil(guesses[0]["locations"] as? [[String: Any]])

        let text = try run(["ask", folder.path, "Who is the president of France?", "--index", index])
        XCTAssertEqual(text.status, 3)
        XCTAssertTrue(text.stderr.contains("the documents don't seem to answer this"), text.stderr)
        XCTAssertTrue(text.stderr.contains("best guesses"), text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("1. "), "the guesses are still listed: \(text.stdout)")

        // The folder's words match the question ("president", "France"), so passages are read and
        // guesses exist; the question above is still not answered. One the folder answers is found.
        let present = try run(["ask", folder.path, "How long is the Aletsch Glacier?", "--index", index, "--json"])
        XCTAssertEqual(present.status, 0, present.stdout)
        XCTAssertEqual(present.json?["found"] as? Bool, true)
        let best = try XCTUnwrap((present.json?["answers"] as? [[String: Any]])?.first)
        XCTAssertTrue((best["text"] as? String)?.contains("23 kilometres") == true, "\(best)")
        XCTAssertGreaterThan(try XCTUnwrap(best["probability"] as? Double), 0.5)
    }

    func testAskCitesLineColumnAndPageAndPrintsVimgrepLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Glaciers of the Alps\n\nIn the canton of Valais, the Aletsch Glacier is 23 kilometres long.\n".utf8)
            .write(to: folder.appendingPathComponent("alps.txt"))
        let index = folder.appendingPathComponent("index.sqlite").path
        let ask = try run(["ask", folder.path, "How long is the Aletsch Glacier?", "--index", index, "--json", "--top", "1"])
        XCTAssertEqual(ask.status, 0, ask.stderr)
        let answer = try XCTUnwrap((ask.json?["answers"] as? [[String: Any]])?.first)
        let text = try XCTUnwrap(answer["text"] as? String)
        XCTAssertTrue(text.hasPrefix("23 kilometres"), text)
        // "23" starts line 3 after "In the canton of Valais, the Aletsch Glacier is " (48 characters).
        XCTAssertEqual(answer["line"] as? Int, 3)
        XCTAssertEqual(answer["column"] as? Int, 49)
        XCTAssertTrue(answer["page"] is NSNull, "pages only for PDFs")
        let place = try XCTUnwrap((answer["locations"] as? [[String: Any]])?.first)
        XCTAssertEqual(place["line"] as? Int, 3)

        let vimgrep = try run(["ask", folder.path, "How long is the Aletsch Glacier?", "--index", index, "--vimgrep", "--top", "1"])
        XCTAssertEqual(vimgrep.status, 0, vimgrep.stderr)
        XCTAssertEqual(vimgrep.stdout, "\(folder.path)/alps.txt:3:49:\(text)\n")
    }
}
