import Albert
import Foundation
import XCTest

/// HubTokenizer gives the ids, token types and character offsets of the HF fast tokenizer
/// (`tokenizers` 0.23) for every text and question/context pair of
/// Tests/Fixtures/hub-tokenizers/<kind>/expected.json (Scripts/make-tokenizer-fixtures.py:
/// tokenizer-cases.json's texts and hard cases, tiny tokenizers of each family).
final class HubTokenizerTests: XCTestCase {
    static let kinds = [
        "bert-uncased", "bert-cased", "wordpiece-misc", "roberta-bpe", "gpt2-bpe-string-merges",
        "llama-bpe-byte-fallback", "albert-unigram-precompiled", "xlmr-unigram-nfkc",
    ]

    static func directory(_ kind: String) -> URL {
        Fixtures.directory.appendingPathComponent("hub-tokenizers/\(kind)")
    }

    static func ranges(_ flat: [Int]) -> [Range<Int>] {
        stride(from: 0, to: flat.count, by: 2).map { flat[$0]..<flat[$0 + 1] }
    }

    /// Mismatches of one kind, as lines naming the text and the first differing token.
    func mismatches(_ kind: String) throws -> (checked: Int, failures: [String]) {
        let tokenizer = try HubTokenizer(url: Self.directory(kind).appendingPathComponent("tokenizer.json"))
        let data = try Data(contentsOf: Self.directory(kind).appendingPathComponent("expected.json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var failures: [String] = []
        var checked = 0
        func compare(_ what: String, ids: [Int32], ranges: [Range<Int>], tokens: [String], _ entry: [String: Any]) {
            checked += 1
            let expectedIDs = (entry["ids"] as! [Any]).int32s
            let expectedRanges = Self.ranges(entry["offsets"] as! [Int])
            guard ids != expectedIDs || ranges != expectedRanges else { return }
            let index = (0..<min(ids.count, expectedIDs.count)).first { ids[$0] != expectedIDs[$0] || ranges[$0] != expectedRanges[$0] } ?? min(ids.count, expectedIDs.count)
            let got = index < ids.count ? "\(ids[index]) \(tokens[index].debugDescription) \(ranges[index])" : "end"
            let wanted = index < expectedIDs.count ? "\(expectedIDs[index]) \((entry["tokens"] as? [String])?[index].debugDescription ?? "") \(expectedRanges[index])" : "end"
            failures.append("\(kind) \(what.prefix(60).debugDescription): token \(index): \(got), HF \(wanted)")
        }
        for entry in try XCTUnwrap(expected["texts"] as? [[String: Any]]) {
            let text = entry["text"] as! String
            let tokens = tokenizer.tokenize(text)
            compare(text, ids: tokens.ids, ranges: tokens.ranges, tokens: tokens.pieces, entry)
        }
        for entry in try XCTUnwrap(expected["pairs"] as? [[String: Any]]) {
            let question = entry["question"] as! String, context = entry["context"] as! String
            let encoding = tokenizer.encode(question, pair: context)
            compare("\(question) | \(context)", ids: encoding.ids, ranges: encoding.ranges, tokens: encoding.tokens, entry)
            if encoding.typeIDs != (entry["type_ids"] as! [Any]).int32s { failures.append("\(kind) \(question.debugDescription): type ids differ") }
        }
        return (checked, failures)
    }

    func testEveryKindMatchesHuggingFace() throws {
        var total = 0
        for kind in Self.kinds {
            let (checked, failures) = try mismatches(kind)
            total += checked
            XCTAssertGreaterThan(checked, 190, kind)
            XCTAssert(failures.isEmpty, "\(failures.count) of \(checked) differ:\n" + failures.prefix(8).joined(separator: "\n"))
        }
        print("hub tokenizers: \(total) texts and pairs identical to HF")
    }
}
