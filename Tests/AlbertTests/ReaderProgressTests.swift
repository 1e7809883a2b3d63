import Albert
import Foundation
import XCTest

/// A long context is read window by window, with progress and cancellation between windows.
final class ReaderProgressTests: XCTestCase {
    static var reader: AlbertReader { DefaultModelTests.reader }

    var longContext: String {
        (0..<60).map { "Report \($0): the station on the glacier measured \($0 + 2) metres of melt in the year \(1900 + $0)." }
            .joined(separator: " ")
    }

    func testProgressCountsEveryWindow() throws {
        var calls: [(Int, Int)] = []
        let result = try Self.reader.read(question: "How much melt in 1950?", context: longContext, topK: 3,
                                          progress: { calls.append(($0, $1)) })
        XCTAssertGreaterThan(result.windowCount, 3)
        XCTAssertEqual(calls.map(\.0), Array(0...result.windowCount))
        XCTAssertTrue(calls.allSatisfy { $0.1 == result.windowCount })
        XCTAssertEqual(result.answers.first?.text, "52 metres")
    }

    func testCancellingStopsBetweenWindows() throws {
        var windowsRead = 0
        XCTAssertThrowsError(try Self.reader.read(question: "How much melt in 1950?", context: longContext,
                                                  progress: { done, _ in windowsRead = done },
                                                  isCancelled: { windowsRead >= 2 })) { error in
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertEqual(windowsRead, 2)
    }
}
