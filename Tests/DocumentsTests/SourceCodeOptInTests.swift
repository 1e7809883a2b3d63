@testable import Documents
import Foundation
import XCTest

/// Program source is read only when the user opts in; otherwise its skip names the flag.
final class SourceCodeOptInTests: XCTestCase {
    func testSourceFilesAreSkippedUnlessOptedInAndTheSkipSaysHow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-source-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("def backup():\n    # runs every night at 2am\n    pass\n".utf8).write(to: folder.appendingPathComponent("backup.py"))
        try Data("notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("sound.wav"))

        let plain = try FolderWalker.walk(folder)
        XCTAssertEqual(plain.files.map(\.relativePath), ["notes.txt"])
        XCTAssertEqual(plain.skipped.map(\.relativePath), ["backup.py", "sound.wav"])
        XCTAssertEqual(plain.skipped.map(\.reason), [.unsupportedFormat, .unsupportedFormat])
        XCTAssertEqual(plain.skipped[0].detail, "source code: read with --source-code (config: source_code = on)")
        XCTAssertNil(plain.skipped[1].detail, "a sound is no source code")

        let opted = try FolderWalker.walk(folder, sourceCode: true)
        XCTAssertEqual(opted.files.map(\.relativePath), ["backup.py", "notes.txt"])
        XCTAssertEqual(opted.files.first?.format, .sourceCode)
        guard case let .loaded(document) = DocumentLoader.load(opted.files[0]) else { return XCTFail("not read") }
        XCTAssertEqual(document.text, "def backup():\n    # runs every night at 2am\n    pass\n")
        XCTAssertTrue(DocumentFormat.sourceCode.indexedTextIsFileText, "an editor opens it at the answer's line")
    }

    func testTheFormatTableKeepsSourceCodeOptIn() {
        XCTAssertNil(DocumentFormat(fileName: "main.swift"))
        XCTAssertEqual(DocumentFormat(fileName: "main.swift", optedIn: true), .sourceCode)
        XCTAssertEqual(DocumentFormat(fileName: "notes.md", optedIn: true), .markdown, "opting in changes no other format")
        XCTAssertFalse(DocumentFormat.readableExtensions.contains(".swift"))
        XCTAssertEqual(DocumentFormat.allCases.filter(\.isOptIn), [.sourceCode])
    }
}
