import Foundation
import XCTest

/// `albertqa read` on a long context shows progress on stderr and stops on Ctrl-C with 130.
final class ReadCancellationTests: XCTestCase {
    func testCtrlCStopsAReadBetweenWindowsWithExitCode130() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bundle = Bundle(for: ReadCancellationTests.self).bundleURL
        let binary = try XCTUnwrap([bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("albertqa") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) })
        let contextFile = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-long-context-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: contextFile) }
        // About 300 windows: minutes of reading in a debug build.
        let context = (0..<4000).map { "Report \($0): the station measured \($0 % 97) metres of melt in the year \(1000 + $0)." }
        try Data(context.joined(separator: " ").utf8).write(to: contextFile)

        let process = Process()
        process.executableURL = binary
        process.arguments = ["read", "--question", "How much melt in 1950?", "--context-file", contextFile.path]
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var stderr = Data()
        let deadline = Date().addingTimeInterval(120)
        while !String(decoding: stderr, as: UTF8.self).contains("windows"), Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += chunk
        }
        XCTAssertTrue(String(decoding: stderr, as: UTF8.self).contains("albertqa: read: "), String(decoding: stderr, as: UTF8.self))
        let interrupted = Date()
        process.interrupt()  // SIGINT, as Ctrl-C sends
        stderr += err.fileHandleForReading.readDataToEndOfFile()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: stderr, as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 130, message)
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertTrue(message.contains("read cancelled after"), message)
        XCTAssertTrue(stdout.isEmpty)
        XCTAssertLessThan(Date().timeIntervalSince(interrupted), 30, "cancelled between windows, not at the end")
    }
}
