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

/// Our embeddings against sentence-transformers' (float32) on encoder-cases.json.
final class SentenceEncoderFixtureTests: XCTestCase {
    struct Case {
        var text: String
        var embedding: [Float]
    }

    static let cases: [Case] = {
        let fixture = try! Fixtures.json("encoder-cases.json")
        return (fixture["cases"] as! [[String: Any]]).map {
            Case(text: $0["text"] as! String, embedding: ($0["embedding"] as! [Any]).floats)
        }
    }()

    /// Cosine distances (1 − cosine) to sentence-transformers over all cases, encoded as one
    /// batch; every 8th case is also encoded alone (the query path), which must agree.
    private func distances(_ encoder: SentenceEncoder) throws -> (worst: Float, mean: Float) {
        let batch = try encoder.encode(Self.cases.map(\.text))
        var distances: [Float] = []
        for (testCase, vector) in zip(Self.cases, batch) {
            XCTAssertEqual(vector.count, testCase.embedding.count)
            distances.append(1 - zip(vector, testCase.embedding).reduce(0) { $0 + $1.0 * $1.1 })
        }
        for (index, testCase) in Self.cases.enumerated() where index % 8 == 0 {
            let single = try encoder.encode(testCase.text)
            assertClose(single, batch[index], tolerance: 1e-5, "one text vs batch: \(testCase.text)")
        }
        let result = (distances.max()!, distances.reduce(0, +) / Float(distances.count))
        print("encoder \(encoder.precision): cosine distance to sentence-transformers worst \(result.0), mean \(result.1)")
        return result
    }

    // Bounds, from what was measured on Zen 4 (worst / mean distance): fp32 1.1e-6 / 6e-8,
    // bound 1e-4 (the issue asks for 1e-3); bf16 3.2e-5 / 1.4e-5 and int8 9.1e-3 / 1.6e-3,
    // bounds about 3x those. int8's worst is the empty text (its vector is [CLS] [SEP]
    // alone); on real texts int8 stays within 2.2e-3.

    func testFP32MatchesSentenceTransformers() throws {
        let (worst, mean) = try distances(SentenceEncoderTests.encoder)
        XCTAssertLessThanOrEqual(worst, 1e-4)
        XCTAssertLessThanOrEqual(mean, 1e-5)
    }

    /// Every other kernel table this CPU runs, pinned at load time (the reference on any CPU).
    func testEveryKernelTableMatchesSentenceTransformers() throws {
        for kernels in KernelTable.available where kernels != SentenceEncoderTests.encoder.model.kernels {
            let encoder = try SentenceEncoder(modelDirectory: Fixtures.encoderModel, kernels: kernels)
            XCTAssertEqual(encoder.model.kernels, kernels)
            let (worst, _) = try distances(encoder)
            XCTAssertLessThanOrEqual(worst, 1e-4, "\(kernels)")
        }
    }

    /// bf16 and int8 on the default kernels and on the reference, so they never skip.
    private var quantisedTables: [KernelTable] {
        Array(Set([KernelTable.automatic, KernelTable(named: "reference")!]))
    }

    func testBF16IsCloseToSentenceTransformers() throws {
        for kernels in quantisedTables where kernels.supports(.bf16) {
            let (worst, mean) = try distances(SentenceEncoder(modelDirectory: Fixtures.encoderModel, precision: .bf16, kernels: kernels))
            XCTAssertLessThanOrEqual(worst, 1e-4, "\(kernels)")
            XCTAssertLessThanOrEqual(mean, 5e-5, "\(kernels)")
        }
    }

    func testInt8IsCloseToSentenceTransformers() throws {
        for kernels in quantisedTables where kernels.supports(.int8) {
            let (worst, mean) = try distances(SentenceEncoder(modelDirectory: Fixtures.encoderModel, precision: .int8, kernels: kernels))
            XCTAssertLessThanOrEqual(worst, 0.03, "\(kernels)")
            XCTAssertLessThanOrEqual(mean, 0.005, "\(kernels)")
        }
    }
}
