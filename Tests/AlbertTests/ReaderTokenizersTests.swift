import Albert
import Foundation
import XCTest

/// ReaderTokenizers.load picks tokenizer.json, then spiece.model, then vocab.txt (with
/// tokenizer_config.json's do_lower_case), and says which files it looked for when none is there.
final class ReaderTokenizersTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reader-tokenizers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func copy(_ source: URL, as name: String) throws {
        try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent(name))
    }

    func testTokenizerJSONComesFirst() throws {
        try copy(HubTokenizerTests.directory("roberta-bpe").appendingPathComponent("tokenizer.json"), as: "tokenizer.json")
        try copy(Fixtures.spieceModel, as: "spiece.model")
        let tokenizer = try ReaderTokenizers.load(directory: directory)
        XCTAssert(tokenizer is HubTokenizer)
        XCTAssertEqual(tokenizer.pairLayout, .roberta(bosID: 0, eosID: 2, padID: 1))
        XCTAssertEqual(ReaderTokenizers.file(in: directory)?.lastPathComponent, "tokenizer.json")
    }

    func testBertTemplateGivesBertsLayoutWithTokenTypes() throws {
        let tokenizer = try HubTokenizer(url: HubTokenizerTests.directory("bert-cased").appendingPathComponent("tokenizer.json"))
        XCTAssertEqual(tokenizer.pairLayout, .bert(clsID: 2, sepID: 3, padID: 0))
        XCTAssertEqual(tokenizer.token(2), "[CLS]")
    }

    func testSentencePieceThenVocabularyWithItsCase() throws {
        try copy(Fixtures.spieceModel, as: "spiece.model")
        XCTAssert(try ReaderTokenizers.load(directory: directory) is AlbertTokenizer)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("spiece.model"))

        try copy(Fixtures.encoderModel.appendingPathComponent("vocab.txt"), as: "vocab.txt")
        try Data(#"{"do_lower_case": false, "model_max_length": 1000000000000000019884624838656}"#.utf8)
            .write(to: directory.appendingPathComponent("tokenizer_config.json"))
        let config = try TokenizerConfig(directory: directory)
        XCTAssertEqual(config, TokenizerConfig(doLowerCase: false))
        let cased = try XCTUnwrap(try ReaderTokenizers.load(directory: directory) as? WordPieceTokenizer)
        XCTAssertFalse(cased.lowercase)
        let uncased = try XCTUnwrap(try ReaderTokenizers.load(directory: directory, config: TokenizerConfig(doLowerCase: true, modelMaxLength: 512)) as? WordPieceTokenizer)
        XCTAssertTrue(uncased.lowercase)
    }

    func testNoTokenizerNamesTheFilesLookedFor() {
        XCTAssertThrowsError(try ReaderTokenizers.load(directory: directory)) { error in
            XCTAssertEqual("\(error)", "\(directory.path): no tokenizer: none of tokenizer.json, spiece.model, vocab.txt is there")
        }
    }
}
