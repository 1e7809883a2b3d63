import Albert
import Foundation
import XCTest

/// AlbertError's cases carry the values; their messages, rendered in one place, stay the
/// one-line words the CLI and the interface print.
final class AlbertErrorTests: XCTestCase {
    func testAFileProblemRendersOneLineNamingTheFileAndTheTensor() {
        let error = AlbertError.file(URL(fileURLWithPath: "/models/albert/model.safetensors"),
                                     .tensorShape("albert.embeddings.word_embeddings.weight", actual: [30000, 64], expected: [30000, 128]))
        XCTAssertEqual("\(error)", "/models/albert/model.safetensors: tensor albert.embeddings.word_embeddings.weight has shape [30000, 64], expected [30000, 128]")
        XCTAssertEqual(error.localizedDescription, "\(error)")
        XCTAssertFalse("\(error)".contains("\n"))
    }

    func testAKernelsErrorFromTheEnvironmentNamesTheVariable() {
        let error = AlbertError.environment(variable: "ALBERTQA_KERNELS", value: "sse9",
                                            .unknownKernels("sse9", known: ["avx2", "reference"]))
        XCTAssertEqual("\(error)", "ALBERTQA_KERNELS=sse9: unknown kernels 'sse9': choose auto, avx2, reference")
    }

    func testAnInputErrorCarriesItsNumbers() {
        let error = AlbertError.sequenceTooLong(tokens: 600, positions: 512)
        XCTAssertEqual("\(error)", "sequence of 600 tokens exceeds the model's 512 positions")
        XCTAssertEqual(error, .sequenceTooLong(tokens: 600, positions: 512))
        XCTAssertNotEqual(error, .sequenceTooLong(tokens: 601, positions: 512))
    }
}
