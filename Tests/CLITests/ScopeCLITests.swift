import Foundation
import XCTest

/// `--in PATTERN` on ask and search, and `eval --scope document`, as a user runs them.
extension CLITests {
    func testInPatternsScopeSearchAndAskAndAPatternThatNamesNothingIsOneLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-scope-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [("papers/2020-ice.txt", "The Aletsch Glacier is 23 kilometres long."),
                             ("papers/2021-fire.txt", "Mount Etna is a volcano in Sicily; its glacier melted long ago."),
                             ("notes/trip.md", "We walked on a glacier near Zermatt for 4 hours.")] {
            let file = folder.appendingPathComponent("docs/" + name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let docs = folder.appendingPathComponent("docs").path
        let index = folder.appendingPathComponent("index.sqlite").path
        func documents(_ extra: [String]) throws -> [String] {
            let search = try run(["search", docs, "glacier", "--retriever", "bm25", "--index", index, "--json"] + extra)
            XCTAssertEqual(search.status, 0, search.stderr)
            return ((search.json?["passages"] as? [[String: Any]]) ?? []).compactMap { $0["document"] as? String }.sorted()
        }
        XCTAssertEqual(try documents([]), ["notes/trip.md", "papers/2020-ice.txt", "papers/2021-fire.txt"])
        XCTAssertEqual(try documents(["--in", "papers/2020-*.txt"]), ["papers/2020-ice.txt"])
        XCTAssertEqual(try documents(["--in", "notes/", "--in", "papers/2021-fire.txt"]), ["notes/trip.md", "papers/2021-fire.txt"])
        XCTAssertEqual(try documents(["--in=papers"]), ["papers/2020-ice.txt", "papers/2021-fire.txt"])

        let nothing = try run(["search", docs, "glacier", "--retriever", "bm25", "--index", index, "--in", "papers/", "--in", "slides/*.pdf"])
        XCTAssertEqual(nothing.status, 1)
        XCTAssertEqual(nothing.stdout, "")
        XCTAssertEqual(nothing.stderr.split(separator: "\n").count, 1, nothing.stderr)
        XCTAssertTrue(nothing.stderr.contains("no indexed document matches 'slides/*.pdf'"), nothing.stderr)
        XCTAssertFalse(nothing.stderr.contains("papers/"), "the line names the pattern, nothing else")

        // ask reads only the scope: the glacier's length is not in the notes.
        let scoped = try run(["ask", docs, "How long is the Aletsch Glacier?", "--retriever", "bm25", "--index", index, "--in", "papers/2020-ice.txt", "--json"])
        XCTAssertEqual(scoped.status, 0, scoped.stderr)
        let answers = try XCTUnwrap(scoped.json?["answers"] as? [[String: Any]])
        XCTAssertFalse(answers.isEmpty)
        XCTAssertTrue(answers.allSatisfy { $0["document"] as? String == "papers/2020-ice.txt" })
        XCTAssertTrue((answers.first?["text"] as? String)?.contains("23 kilometres") == true)
        let elsewhere = try run(["ask", docs, "How long is the Aletsch Glacier?", "--retriever", "bm25", "--index", index, "--in", "notes/", "--json"])
        let notes = try XCTUnwrap(elsewhere.json?["answers"] as? [[String: Any]])
        XCTAssertTrue(notes.allSatisfy { $0["document"] as? String == "notes/trip.md" }, elsewhere.stdout)
        XCTAssertEqual(try run(["ask", docs, "How long?", "--index", index, "--in", "nowhere.txt"]).status, 1)
    }

    func testEvalScopeDocumentScoresEachQuestionWithinItsGoldDocument() throws {
        let unscoped = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--k", "1", "--json"])
        XCTAssertEqual(unscoped.status, 0, unscoped.stderr)
        let scoped = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--k", "1", "--scope", "document", "--json"])
        XCTAssertEqual(scoped.status, 0, scoped.stderr)
        let before = try XCTUnwrap(unscoped.json?["recall@1"] as? Double)
        let after = try XCTUnwrap(scoped.json?["recall@1"] as? Double)
        XCTAssertEqual(scoped.json?["questions"] as? Int, unscoped.json?["questions"] as? Int)
        XCTAssertGreaterThanOrEqual(after, before, "within its own document, the gold passage competes with fewer")
        // The context-leaning questions apart ("What does it mean for a disease to be enzootic?").
        let leaning = try XCTUnwrap(scoped.json?["context_leaning"] as? [String: Any])
        let leaningQuestions = try XCTUnwrap(leaning["questions"] as? Int)
        XCTAssertGreaterThanOrEqual(leaningQuestions, 1)
        XCTAssertLessThan(leaningQuestions, try XCTUnwrap(scoped.json?["questions"] as? Int))
        XCTAssertNotNil(leaning["recall@1"] as? Double)
        let text = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--k", "1", "--scope", "document"])
        XCTAssertTrue(text.stdout.contains("context-leaning (a pronoun, \"the study\", no word of the folder): recall@1 "), text.stdout)
        XCTAssertTrue(text.stdout.contains("on \(leaningQuestions) questions"), text.stdout)
        let open = try run(["eval", "Tests/Fixtures/squad-subset.json", "--open", "--retriever", "bm25", "--scope", "document", "--limit", "3", "--json"])
        XCTAssertEqual(open.status, 0, open.stderr)
        XCTAssertEqual(open.json?["questions"] as? Int, 3)
        let both = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--scope", "document", "--in", "x.txt"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--scope and --in cannot be used together"), both.stderr)
        XCTAssertEqual(try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--scope", "page"]).status, 2)
    }

    /// Closed eval reads each question's own paragraph: --in and --scope would be ignored there,
    /// so they are a usage error (one line, exit 2) instead.
    func testEvalScopeWithoutRetrievalIsAUsageError() throws {
        for extra in [["--in", "x.txt"], ["--scope", "document"]] {
            let closed = try run(["eval", "Tests/Fixtures/squad-subset.json", "--limit", "1"] + extra)
            XCTAssertEqual(closed.status, 2, closed.stderr)
            XCTAssertTrue(closed.stderr.contains("eval: \(extra[0]) applies only with --open or --recall"), closed.stderr)
            XCTAssertEqual(closed.stdout, "")
        }
    }

    /// `--documents even|odd`: the questions of the articles at even or odd positions.
    func testEvalDocumentHalvesSplitTheQuestions() throws {
        func questions(_ extra: [String]) throws -> Int {
            let result = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--json"] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(result.json?["questions"] as? Int)
        }
        let all = try questions([]), even = try questions(["--documents", "even"]), odd = try questions(["--documents", "odd"])
        XCTAssertEqual(even + odd, all)
        XCTAssertGreaterThan(even, 0)
        XCTAssertGreaterThan(odd, 0)
        XCTAssertEqual(try questions(["--documents", "all"]), all)
    }

    /// `--bm25-places`: places from 1, comma-separated, or none; anything else is one line, exit 2.
    func testBM25PlacesTakesPlacesOrNone() throws {
        for good in ["2,4,6", "none", "1"] {
            let result = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--bm25-places", good, "--limit", "1", "--json"])
            XCTAssertEqual(result.status, 0, "\(good): \(result.stderr)")
        }
        for bad in ["0", "2,,4", "x", "101"] {
            let result = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--retriever", "bm25", "--bm25-places", bad])
            XCTAssertEqual(result.status, 2, bad)
            XCTAssertTrue(result.stderr.contains("--bm25-places must be places from 1 to 100 separated by commas, or none"), result.stderr)
        }
    }
}
