import Foundation
import XCTest

/// Paths to the repository's test fixtures and default model (located from this file, so the
/// tests run from any working directory).
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")
    static let defaultModel = repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad")
    static let spieceModel = defaultModel.appendingPathComponent("spiece.model")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension Array where Element == Any {
    var int32s: [Int32] { map { Int32(truncating: $0 as! NSNumber) } }
    var floats: [Float] { map { Float(truncating: $0 as! NSNumber) } }
}

func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(what): length", file: file, line: line)
    var worst: Float = 0
    var worstIndex = 0
    for (i, (a, e)) in zip(actual, expected).enumerated() where abs(a - e) > worst {
        worst = abs(a - e)
        worstIndex = i
    }
    XCTAssertLessThanOrEqual(worst, tolerance, "\(what): max |Δ| \(worst) at \(worstIndex)", file: file, line: line)
}

extension Fixtures {
    static let encoderModel = repositoryRoot.appendingPathComponent("Models/all-minilm-l6-v2")
}
