import Foundation
import XCTest

/// `ask --after` and `eval --follow-up`, as a script runs them.
extension CLITests {
    func testAskAfterFollowsUpOnlyOnAQuestionThatLeansOnContext() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cli-follow-up-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pad = String(repeating: " Other words fill the rest of this passage up.", count: 12)
        for (name, text) in [("remdesivir.txt", "Remdesivir is an antiviral drug given to patients in hospital." + pad
                                 + "\n\nIn trials of remdesivir, its side effects were nausea and raised liver enzymes." + pad),
                             ("vaccines.txt", "Side effects of vaccines are mild side effects: a sore arm." + pad + pad + pad),
                             ("masks.txt", "Masks stop droplets and no effects were reported for masks." + pad + pad + pad)] {
            let file = folder.appendingPathComponent("docs/" + name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let docs = folder.appendingPathComponent("docs").path
        let common = ["--retriever", "bm25", "--index", folder.appendingPathComponent("index.sqlite").path, "--passage-words", "40"]
        let followed = try run(["ask", docs, "What were its side effects?", "--after", "What is remdesivir?", "--json"] + common)
        let answers = try XCTUnwrap(followed.json?["answers"] as? [[String: Any]], followed.stderr)
        XCTAssertEqual(answers.first?["document"] as? String, "remdesivir.txt", followed.stdout)
        // Text output says what it followed up on, on standard error.
        let text = try run(["ask", docs, "What were its side effects?", "--after", "What is remdesivir?"] + common)
        XCTAssertTrue(text.stderr.contains("following up on “What is remdesivir?”"), text.stderr)
        // A question that names its subject is asked afresh.
        let fresh = try run(["ask", docs, "What are the side effects of vaccines?", "--after", "What is remdesivir?"] + common)
        XCTAssertFalse(fresh.stderr.contains("following up"), fresh.stderr)
    }

    func testEvalFollowUpNeedsRetrievalAndTwoWeights() throws {
        let alone = try run(["eval", "Tests/Fixtures/squad-subset.json", "--follow-up"])
        XCTAssertEqual(alone.status, 2, alone.stderr)
        XCTAssertTrue(alone.stderr.contains("--open or --recall"), alone.stderr)
        let weights = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--follow-up", "--follow-up-weights", "0.5", "--retriever", "bm25"])
        XCTAssertEqual(weights.status, 2)
        XCTAssertTrue(weights.stderr.hasPrefix("albertqa: --follow-up-weights must be two numbers from 0 to 10 like 0.5,0.5, not '0.5'"), weights.stderr)
        let scored = try run(["eval", "Tests/Fixtures/squad-subset.json", "--recall", "--follow-up", "--retriever", "bm25", "--json"])
        XCTAssertEqual(scored.status, 0, scored.stderr)
        let all = try XCTUnwrap(scored.json?["all"] as? [String: Any])
        let leaning = try XCTUnwrap(scored.json?["context-leaning"] as? [String: Any])
        let others = try XCTUnwrap(scored.json?["others"] as? [String: Any])
        XCTAssertEqual((leaning["questions"] as? Int ?? -1) + (others["questions"] as? Int ?? -1), all["questions"] as? Int)
        XCTAssertEqual(others["plain"] as? Double, others["follow_up"] as? Double, "questions that lean on nothing are asked alike")
    }
}
