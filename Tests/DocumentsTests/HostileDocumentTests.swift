import Documents
import Foundation
import XCTest

/// Documents that used to lose text, hang or cost unbounded memory.
final class HostileDocumentTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testALessThanSignThatOpensNoTagIsText() {
        XCTAssertEqual(HTMLText.extract("<p>Store it at a temperature that is <5 degrees, never more.</p>"),
                       "Store it at a temperature that is <5 degrees, never more.")
        XCTAssertEqual(HTMLText.extract("<p>if a < b and b <= c then a <3 c</p><p>x</p>"), "if a < b and b <= c then a <3 c\n\nx")
        XCTAssertEqual(HTMLText.extract("1 </5 2 <é 3 <"), "1 </5 2 <é 3 <")
        // Markup still goes: tags, closing tags, declarations, processing instructions.
        XCTAssertEqual(HTMLText.extract("<!DOCTYPE html><?xml version=\"1.0\"?><b>bold</b> <i>it</i>"), "bold it")
    }

    func testANulAfterTheFirstEightKilobytesIsReplacedNotTruncated() {
        var bytes = Array(String(repeating: "text ", count: 2000).utf8)  // 10 kB
        bytes.append(0)
        bytes += Array("tail".utf8)
        guard case let .text(decoded) = TextDecoding.decode(bytes) else { return XCTFail("judged binary") }
        let text = decoded.text
        XCTAssertTrue(decoded.lossy)
        XCTAssertTrue(text.hasSuffix("text \u{FFFD}tail"))
        XCTAssertEqual(text.unicodeScalars.count, bytes.count, "one scalar per byte here: offsets unchanged")
        // In the first 8 kB a NUL still means binary.
        XCTAssertEqual(TextDecoding.decode([0x41, 0, 0x42]), .binary)
    }

    func testAHugeSparseFileCostsNoMemoryAndIsSkippedAsTooLarge() throws {
        let url = folder.appendingPathComponent("sparse.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: url.path, contents: nil))
        XCTAssertEqual(truncate(url.path, 2 << 30), 0)
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first)
        XCTAssertEqual(file.size, 2 << 30)
        guard case let .skipped(skip) = DocumentLoader.load(file) else { return XCTFail("loaded") }
        XCTAssertEqual(skip.reason, .tooLarge)
        guard case let .skipped(binary) = DocumentLoader.load(file, maxBytes: 4 << 30) else { return XCTFail("loaded") }
        XCTAssertEqual(binary.reason, .binary, "judged from its first 8 kB")
        // A text file over a small limit.
        try Data(String(repeating: "word ", count: 1000).utf8).write(to: folder.appendingPathComponent("long.txt"))
        let long = try XCTUnwrap(FolderWalker.walk(folder).files.first { $0.relativePath == "long.txt" })
        guard case let .skipped(tooLarge) = DocumentLoader.load(long, maxBytes: 1000) else { return XCTFail("loaded") }
        XCTAssertEqual(tooLarge.reason, .tooLarge)
        guard case .loaded = DocumentLoader.load(long, maxBytes: 5000) else { return XCTFail("skipped") }
    }

    func testFIFOsAndDevicesAreReportedNeverOpened() throws {
        XCTAssertEqual(mkfifo(folder.appendingPathComponent("pipe.txt").path, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("null.txt").path, withDestinationPath: "/dev/null")
        try Data("fine".utf8).write(to: folder.appendingPathComponent("ok.txt"))
        let walk = try FolderWalker.walk(folder)  // would hang if it opened the FIFO
        XCTAssertEqual(walk.files.map(\.relativePath), ["ok.txt"])
        XCTAssertEqual(walk.skipped.map(\.relativePath).sorted(), ["null.txt", "pipe.txt"])
        XCTAssertEqual(Set(walk.skipped.map(\.detail)), ["not a regular file"])
    }

    func testAFileReplacedByAFIFOAfterTheWalkDoesNotHang() throws {
        let url = folder.appendingPathComponent("swap.txt")
        try Data("text".utf8).write(to: url)
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first)
        try FileManager.default.removeItem(at: url)
        XCTAssertEqual(mkfifo(url.path, 0o644), 0)
        guard case let .skipped(skip) = DocumentLoader.load(file) else { return XCTFail("loaded a FIFO") }
        XCTAssertEqual(skip.detail, "not a regular file")
    }

    func testALinkToAFolderIsFollowed() throws {
        let outside = folder.appendingPathComponent("outside")
        let inside = folder.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: inside.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("outside text".utf8).write(to: outside.appendingPathComponent("far.txt"))
        try Data("inside text".utf8).write(to: inside.appendingPathComponent("sub/near.txt"))
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("far").path, withDestinationPath: "../outside")
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("also-sub").path, withDestinationPath: "sub")
        let walk = try FolderWalker.walk(inside)
        XCTAssertEqual(walk.files.map(\.relativePath).sorted(), ["far/far.txt", "sub/near.txt"])
        XCTAssertEqual(walk.skipped, [])
    }

    func testAnUnlistableFolderIsReported() throws {
        try XCTSkipIf(getuid() == 0, "root lists every folder")
        let locked = folder.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o755) }
        let walk = try FolderWalker.walk(folder)
        XCTAssertEqual(walk.skipped.first?.relativePath, "locked")
        XCTAssertEqual(walk.skipped.first?.reason, .unreadable)
    }
}

final class ScalarTextTests: XCTestCase {
    /// Every offset, across the checkpoints, with scalars of 1 to 4 UTF-8 bytes.
    func testEverySliceMatchesTheScalarArray() {
        for length in [0, 1, 63, 64, 65, 127, 128, 200] {
            let alphabet: [Unicode.Scalar] = ["a", "é", "北", "🙂", "\u{301}", "\n"]
            let scalars = (0..<length).map { alphabet[($0 * 7 + $0 / 3) % alphabet.count] }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            let text = ScalarText(String(view))
            XCTAssertEqual(text.count, length)
            for start in stride(from: 0, through: length, by: 5) {
                for end in [start, min(length, start + 1), min(length, start + 64), length] {
                    XCTAssertEqual(text[start..<end], String(String.UnicodeScalarView(scalars[start..<end])), "\(length) \(start)..<\(end)")
                }
            }
            XCTAssertEqual(text[0..<length + 10], String(view), "clamped")
        }
    }
}
