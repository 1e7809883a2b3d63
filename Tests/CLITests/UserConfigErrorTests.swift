import Foundation
import Settings
import XCTest

/// UserConfigError's cases carry the file, the line and the value; the message is one line
/// `file:line: what is wrong`.
final class UserConfigErrorTests: XCTestCase {
    func testABadValueCarriesItsLineKeyAndValue() {
        XCTAssertThrowsError(try UserConfig(parsing: "# mine\ntop = lots\n", file: "/home/u/.config/albertqa/config")) { error in
            XCTAssertEqual(error as? UserConfigError,
                           .invalidValue(file: "/home/u/.config/albertqa/config", line: 2, key: .answers, name: "top", value: "lots"))
            XCTAssertEqual("\(error)", "/home/u/.config/albertqa/config:2: top must be a whole number in 1...100, not 'lots'")
            XCTAssertEqual(error.localizedDescription, "\(error)")
        }
    }

    func testAFileProblemHasNoLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-config-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertThrowsError(try UserConfig.load(from: folder)) { error in
            XCTAssertEqual(error as? UserConfigError, .notRegularFile(file: folder.path))
            XCTAssertEqual("\(error)", "\(folder.path): is not a regular file")
            XCTAssertFalse("\(error)".contains("\n"))
        }
    }
}

extension UserConfigErrorTests {
    func testSourceCodeIsAnOnOffKey() throws {
        XCTAssertEqual(try UserConfig(parsing: "source_code = on\n", file: "/c").sourceCode, true)
        XCTAssertEqual(try UserConfig(parsing: "source_code = off\n", file: "/c").value(.sourceCode), "off")
        XCTAssertThrowsError(try UserConfig(parsing: "source_code = maybe\n", file: "/c")) { error in
            XCTAssertEqual("\(error)", "/c:1: source_code must be on or off, not 'maybe'")
        }
    }
}
