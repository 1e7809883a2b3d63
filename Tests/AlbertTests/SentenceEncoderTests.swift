import Albert
import XCTest

/// The shipped sentence encoder (all-MiniLM-L6-v2 on our engine).
final class SentenceEncoderTests: XCTestCase {
    static let encoder = try! SentenceEncoder(modelDirectory: Fixtures.encoderModel)

    func testShippedSettings() throws {
        let encoder = Self.encoder
        XCTAssertEqual(encoder.dimension, 384)
        XCTAssertEqual(encoder.maxSequenceLength, 256)
        XCTAssertTrue(encoder.normalizes)
        XCTAssertEqual(encoder.model.config.modelType, .bert)
        XCTAssertEqual(encoder.model.config.numHiddenGroups, 6)
        XCTAssertNil(encoder.model.encoder.embeddingHiddenMappingIn)
    }

    func testQuestionsAreNearestTheirPassages() throws {
        let passages = [
            "The Rhine is a European river that flows 1,230 kilometres from the Swiss Alps to the North Sea.",
            "Temüjin married Börte of the Onggirat tribe when he was around 16.",
            "Doctor Who is a British science fiction television programme first broadcast by the BBC in 1963.",
            "Oxygen makes up about 21 percent of the Earth's atmosphere by volume.",
        ]
        let questions = ["How long is the Rhine river?", "Who was Genghis Khan's wife?",
                         "When did Doctor Who start?", "How much of the air we breathe is oxygen?"]
        let passageVectors = try Self.encoder.encode(passages)
        for (index, question) in questions.enumerated() {
            let query = try Self.encoder.encode(question)
            XCTAssertEqual(query.count, 384)
            XCTAssertEqual(query.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-4)
            let scores = passageVectors.map { zip($0, query).reduce(0) { $0 + $1.0 * $1.1 } }
            XCTAssertEqual(scores.firstIndex(of: scores.max()!), index, "\(question): \(scores)")
        }
    }
}
