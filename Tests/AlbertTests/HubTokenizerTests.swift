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

    private func error(_ json: String) -> String {
        let url = URL(fileURLWithPath: "/models/x/tokenizer.json")
        do {
            _ = try HubTokenizer(data: Data(json.utf8), url: url)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testProblemsAreOneLineErrorsNamingFileAndPlace() {
        let wordPiece = #""model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1}}"#
        XCTAssertEqual(error(#"{"pre_tokenizer": {"type": "UnicodeScripts"}, \#(wordPiece)}"#),
                       "/models/x/tokenizer.json: unsupported pre_tokenizer UnicodeScripts")
        XCTAssertEqual(error(#"{"normalizer": {"type": "Replace", "pattern": {"Regex": " +"}, "content": " "}, \#(wordPiece)}"#),
                       "/models/x/tokenizer.json: unsupported normalizer Replace with a Regex pattern")
        XCTAssertEqual(error(#"{"model": {"type": "WordLevel", "vocab": {}}}"#), "/models/x/tokenizer.json: unsupported model WordLevel")
        XCTAssertEqual(error("[1, 2]"), "/models/x/tokenizer.json: not a JSON object")
        XCTAssertEqual(error(#"{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}"#),
                       "/models/x/tokenizer.json: model.merges[0]: the merged token is not in the vocabulary")
        XCTAssertEqual(error(#"{"model": {"type": "Unigram", "vocab": [["a", -1.0]]}}"#),
                       "/models/x/tokenizer.json: model: a Unigram model needs an unk_id inside its vocabulary")
        XCTAssertEqual(error(#"{"model": {"type": "WordPiece", "vocab": {"a": -3}}}"#),
                       "/models/x/tokenizer.json: model.vocab.a: expected a whole number in 0...2147483646")
        XCTAssertEqual(error(#"{"normalizer": {"type": "Precompiled", "precompiled_charsmap": "AAAA"}, \#(wordPiece)}"#),
                       "/models/x/tokenizer.json: normalizer.precompiled_charsmap: precompiled_charsmap is truncated")
        XCTAssertEqual(error(#"{"normalizer": {"type": "Precompiled", "precompiled_charsmap": "CAAAAAAA"}, \#(wordPiece)}"#),
                       "/models/x/tokenizer.json: normalizer.precompiled_charsmap: precompiled_charsmap's trie size 8 does not fit its 6 bytes")
    }

    /// Fuzz/crashes/tokenizer-json-template-ids-without-tokens: a template's special token
    /// with no ids but one token made a pair whose ids and tokens differed in count.
    func testTemplateSpecialTokenNeedsAsManyIDsAsTokens() throws {
        let data = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Fuzz/crashes/tokenizer-json-template-ids-without-tokens"))
        let json = try XCTUnwrap(data.split(separator: 0, maxSplits: 1).first)
        XCTAssertThrowsError(try HubTokenizer(data: Data(json), url: URL(fileURLWithPath: "/t/tokenizer.json"))) { error in
            XCTAssertEqual("\(error)", "/t/tokenizer.json: post_processor.special_tokens.</s>: 0 ids but 1 tokens")
        }
    }

    /// Merges as "a b" strings (older files) and as ["a", "b"] lists (tokenizers ≥ 0.20).
    func testMergesInBothFormsGiveTheSameTokens() throws {
        let directory = Self.directory("gpt2-bpe-string-merges")
        let stringMerges = try HubTokenizer(url: directory.appendingPathComponent("tokenizer.json"))
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("tokenizer.json"))) as? [String: Any])
        var model = try XCTUnwrap(json["model"] as? [String: Any])
        model["merges"] = try XCTUnwrap(model["merges"] as? [String]).map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
        json["model"] = model
        let listMerges = try HubTokenizer(data: JSONSerialization.data(withJSONObject: json), url: directory)
        let text = "The Amazon rainforest (Portuguese: Floresta Amazônica) covers 5,500,000 km2."
        XCTAssertEqual(listMerges.tokenize(text), stringMerges.tokenize(text))
        XCTAssertGreaterThan(stringMerges.tokenize(text).count, 10)
    }
}
