import Foundation
@testable import TUI
import XCTest

final class FolderWatcherTests: XCTestCase {
    func testDocumentChangesAreSeenAndNoiseIsNot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = folder.appendingPathComponent("index.sqlite").path
        let watcher = try XCTUnwrap(FolderWatcher(folder: folder, ignoring: [index, index + "-wal"]))
        XCTAssertFalse(watcher.poll(), "nothing happened yet")

        // Noise: hidden files, editors' swap and backup files, the index itself.
        try Data("x".utf8).write(to: folder.appendingPathComponent(".notes.txt"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("notes.txt.swp"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("notes.txt~"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: index))
        try Data("x".utf8).write(to: URL(fileURLWithPath: index + "-wal"))
        XCTAssertFalse(watcher.poll())

        // A document written, a folder created and a document inside it, a document removed.
        try Data("The glacier is long.".utf8).write(to: folder.appendingPathComponent("glacier.txt"))
        XCTAssertTrue(watcher.poll())
        let sub = folder.appendingPathComponent("more")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        XCTAssertTrue(watcher.poll(), "a new folder may hold documents")
        try Data("Etna is a volcano.".utf8).write(to: sub.appendingPathComponent("etna.md"))
        XCTAssertTrue(watcher.poll(), "the new folder is watched too")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("glacier.txt"))
        XCTAssertTrue(watcher.poll())
        XCTAssertFalse(watcher.poll(), "events are consumed")
        XCTAssertNil(watcher.limitation)
    }
}
