import Foundation
import XCTest

/// `--model DIR` with a Hub checkpoint of another family (Tests/Fixtures/hub), and
/// `--null-threshold`, as a user runs them.
final class HubModelCLITests: XCTestCase {
    static let hub = AlbertQAProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures/hub")
    static let question = "Where did Tesla study engineering?"
    static let context = "Tesla was born on 10 July 1856 in Smiljan, in the Austrian Empire. He studied engineering in Graz and "
        + "moved to New York in 1884, where he worked for Edison before founding his own laboratory."

    func read(_ family: String, _ extra: [String] = []) throws -> AlbertQAProcess.Result {
        let process = AlbertQAProcess()
        defer { process.remove() }
        return try process.run(["read", "--model", Self.hub.appendingPathComponent(family).path, "--question", Self.question,
                                "--context", Self.context, "--precision", "fp32", "--json"] + extra)
    }

    func testEveryWordPieceFamilyReadsAndTheNullThresholdDecidesFound() throws {
        for family in ["bert", "distilbert", "electra"] {
            let result = try read(family)
            XCTAssertEqual(result.status, 0, result.stderr)
            let json = try XCTUnwrap(result.json, result.stdout)
            let answers = try XCTUnwrap(json["answers"] as? [[String: Any]])
            XCTAssertFalse(answers.isEmpty, family)
            let best = try XCTUnwrap(answers.first?["score"] as? Double)
            let null = try XCTUnwrap(json["null_score"] as? Double)
            XCTAssertEqual(json["null_threshold"] as? Double, 0, family)
            XCTAssertEqual(json["found"] as? Bool, !(null - best > 0), family)
            // Just below and above the difference: not found, then found.
            let difference = null - best
            let strict = try XCTUnwrap(try read(family, ["--null-threshold", String(difference - 0.01)]).json)
            XCTAssertEqual(strict["found"] as? Bool, false, family)
            let lenient = try XCTUnwrap(try read(family, ["--null-threshold", String(difference + 0.01)]).json)
            XCTAssertEqual(lenient["found"] as? Bool, true, family)
        }
    }

    func testANullThresholdOutsideItsRangeIsAUsageError() throws {
        let result = try read("bert", ["--null-threshold", "nan"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--null-threshold"), result.stderr)
    }

    func testTokenizeUsesTheModelsOwnTokenizer() throws {
        let process = AlbertQAProcess()
        defer { process.remove() }
        // DistilBERT's fixture is cased (tokenizer_config.json: do_lower_case false); BERT's is not.
        let cased = try process.run(["tokenize", "--model", Self.hub.appendingPathComponent("distilbert").path], stdin: "Tesla studied\n")
        let uncased = try process.run(["tokenize", "--model", Self.hub.appendingPathComponent("bert").path], stdin: "Tesla studied\n")
        XCTAssertTrue(cased.stdout.hasPrefix("Tesla/"), cased.stdout + cased.stderr)
        XCTAssertTrue(uncased.stdout.hasPrefix("tesla/"), uncased.stdout + uncased.stderr)
    }
}
