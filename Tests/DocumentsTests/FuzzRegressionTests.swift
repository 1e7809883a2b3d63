import Documents
import Foundation
import XCTest

/// Inputs the fuzzers (Fuzz/, Scripts/fuzz.sh) found, kept as tests; the reproducers are in
/// Fuzz/crashes/.
final class FuzzRegressionTests: XCTestCase {
    /// Fuzz/crashes/text-decoding-cr-before-combining-mark: "\r" + U+0301 is one Character,
    /// so a Character-based replace left the carriage return in the text.
    func testACarriageReturnBeforeACombiningMarkBecomesANewline() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/crashes/text-decoding-cr-before-combining-mark")
        XCTAssertEqual(TextDecoding.decode(try Data(contentsOf: url)), .text(.init(text: "line one\nline two\n\u{301}line three\n")))
        XCTAssertEqual(TextDecoding.decode(Data("a\r\nb\rc\n\r\n\u{301}".utf8)), .text(.init(text: "a\nb\nc\n\n\u{301}")))
    }
}
