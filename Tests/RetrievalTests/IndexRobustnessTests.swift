import Documents
import Foundation
@testable import Retrieval
import Synchronization
import TestSupport
import XCTest

/// Hostile documents and faults the index must survive: NUL bytes, file names in any
/// normalisation or encoding, concurrent writers, huge and sparse files, links, deep folders.
final class IndexRobustnessTests: XCTestCase {
    var documents: DocumentFolder!
    var folder: URL { documents.url }
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-robust")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func makeIndex(maxFileBytes: Int = DocumentLoader.defaultMaxFileBytes) throws -> PassageIndex {
        try PassageIndex(folder: folder, databaseURL: database, maxFileBytes: maxFileBytes)
    }

    func write(_ name: [UInt8], _ data: Data) throws {
        let path = FileSystemPath(folder.path).appending(name)
        let descriptor = path.open(O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        _ = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }

    /// The issue's scenario: a NUL after the first 8 KB used to cut the text at the NUL
    /// (passages came back empty), and after the file changed every search failed with
    /// "database disk image is malformed".
    func testANulByteAfterEightKilobytesKeepsTheWholeTextAndTheIndexSound() throws {
        let head = String(repeating: "Glaciers carve valleys over thousands of years. ", count: 200)  // > 8 KB
        XCTAssertGreaterThan(head.utf8.count, 8192)
        var data = Data(head.utf8)
        data.append(0)
        data.append(Data(" The zebra crossing at the end mentions lighthouses.".utf8))
        try data.write(to: folder.appendingPathComponent("log.txt"))
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.lossy, ["log.txt"], "a NUL is replaced (with U+FFFD) and said so")
        let hit = try XCTUnwrap(index.search("zebra lighthouses").first)
        XCTAssertTrue(hit.text.contains("lighthouses"), hit.text)
        let text = try XCTUnwrap(index.documentText(path: "log.txt"))
        XCTAssertEqual(text.unicodeScalars.count, head.unicodeScalars.count + 1 + 52, "one scalar for the NUL: offsets are the file's")
        XCTAssertTrue(text.contains("\u{FFFD} The zebra"))
        XCTAssertFalse(text.utf8.contains(0))
        for hit in try index.search("glaciers valleys zebra") {
            XCTAssertFalse(hit.text.isEmpty)
            XCTAssertEqual(ScalarText(text)[hit.range], hit.text)
        }

        // Change the file, re-index: the old passages leave the FTS index cleanly.
        var changed = Data(head.utf8)
        changed.append(0)
        changed.append(Data(" Now it is about penguins.".utf8))
        try changed.write(to: folder.appendingPathComponent("log.txt"))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: folder.appendingPathComponent("log.txt").path)
        XCTAssertEqual(try index.update().updated, 1)
        XCTAssertEqual(try index.search("lighthouses"), [])
        XCTAssertEqual(try index.search("penguins").first?.documentPath, "log.txt")
        XCTAssertFalse(try index.search("glaciers").isEmpty)
        XCTAssertEqual(try index.database.prepare("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 0)").step(), false)
        XCTAssertNil(index.rebuiltBecause)
    }

    /// The issue's Latin-1 .md: "können" was "k\u{FFFD}nnen" and searching it found nothing.
    func testALatin1DocumentIsFoundByItsAccentedWordsAndReportedRedecoded() throws {
        let latin1: [UInt8] = Array("# Rezepte\n\nMit diesem Teig k".utf8) + [0xF6] + Array("nnen Sie Kuchen backen, der Ofen hei".utf8) + [0xDF]
            + Array("t vorgeheizt.\n".utf8)
        try Data(latin1).write(to: folder.appendingPathComponent("rezepte.md"))
        try Data("Plain UTF-8 about something else.".utf8).write(to: folder.appendingPathComponent("other.txt"))
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.added, 2)
        XCTAssertEqual(report.redecoded, [RedecodedFile(relativePath: "rezepte.md", charset: "WINDOWS-1252")])
        XCTAssertEqual(report.lossy, [])
        let hit = try XCTUnwrap(index.search("können").first)
        XCTAssertEqual(hit.documentPath, "rezepte.md")
        XCTAssertTrue(hit.text.contains("Mit diesem Teig können Sie Kuchen backen, der Ofen heißt vorgeheizt."), hit.text)
        let text = try XCTUnwrap(index.documentText(path: "rezepte.md"))
        XCTAssertEqual(text.unicodeScalars.count, latin1.count, "one scalar a byte: offsets are the file's")
        XCTAssertEqual(ScalarText(text)[hit.range], hit.text)
    }

    /// An index made by an older loader: its files are read once more, so that a file it read
    /// wrongly (or skipped as binary) reads right without having to change.
    func testAnIndexMadeByAnotherLoaderVersionReadsEveryFileOnceMore() throws {
        try Data("Unchanged text about fjords.".utf8).write(to: folder.appendingPathComponent("fjords.txt"))
        let index = try makeIndex()
        XCTAssertEqual(try index.update().added, 1)
        XCTAssertEqual(try index.update().bytesRead, 0, "nothing changed, nothing read")
        // UTF-16 without a byte-order mark, remembered as binary by an older version.
        let wide = folder.appendingPathComponent("wide.txt")
        try Data("Wide text about geysers.".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: wide)
        let file = try XCTUnwrap(FolderWalker.walk(folder).files.first { $0.relativePath == "wide.txt" })
        try index.database.prepare("INSERT INTO skipped_files (path, size, mtime, reason) VALUES (?1, ?2, ?3, 'binary')")
            .run([.blob(file.relativePathBytes), .integer(Int64(file.size)), .real(file.modified)])
        XCTAssertEqual(try index.update().skipped.map(\.reason), [.binary], "remembered while the version is the same")
        try index.database.prepare("UPDATE meta SET value = '1' WHERE key = 'extraction'").run([])
        let again = try index.update()
        XCTAssertEqual(again.added, 1)
        XCTAssertEqual(again.unchanged, 1, "the same text keeps its passages")
        XCTAssertGreaterThan(again.bytesRead, 0)
        XCTAssertEqual(try index.search("geysers").first?.documentPath, "wide.txt")
        XCTAssertEqual(try index.update().bytesRead, 0, "read once more, then remembered again")
    }

    func testTextIsBoundByByteLength() throws {
        let index = try makeIndex()
        let statement = try index.database.prepare("SELECT length(?1), ?1")
        try statement.bind([.text("a\u{0}b")])
        XCTAssertTrue(try statement.step())
        XCTAssertEqual(statement.text(1), "a\u{0}b")
    }

    func testNamesDifferingOnlyInNormalisationAreTwoDocumentsAndReindex() throws {
        let nfc = Array("caf\u{E9}.txt".utf8)
        let nfd = Array("cafe\u{301}.txt".utf8)
        XCTAssertNotEqual(nfc, nfd)
        try write(nfc, Data("The composed cafe serves espresso.".utf8))
        try write(nfd, Data("The decomposed cafe serves matcha.".utf8))
        let index = try makeIndex()
        XCTAssertEqual(try index.update().added, 2)
        for _ in 0..<2 { XCTAssertEqual(try index.update().unchanged, 2) }  // used to fail: UNIQUE constraint failed
        try write(nfd, Data("The decomposed cafe now serves chai.".utf8))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)],
                                              ofItemAtPath: String(decoding: FileSystemPath(folder.path).appending(nfd).bytes, as: UTF8.self))
        let report = try index.update()
        XCTAssertEqual([report.added, report.updated, report.unchanged], [0, 1, 1])
        let espresso = try XCTUnwrap(index.search("espresso").first)
        let chai = try XCTUnwrap(index.search("chai").first)
        XCTAssertEqual(Array(espresso.documentPath.utf8), nfc)
        XCTAssertEqual(Array(chai.documentPath.utf8), nfd)
        XCTAssertEqual(try index.documentText(path: espresso.documentPath), "The composed cafe serves espresso.")
        XCTAssertEqual(try index.documentText(path: chai.documentPath), "The decomposed cafe now serves chai.")
    }

    func testNamesThatAreNotUTF8AreIndexedAndShownLossily() throws {
        let latin1 = Array("r".utf8) + [0xE9] + Array("sum\u{E9}".utf8).prefix(3) + Array(".txt".utf8)  // "résum" in Latin-1
        try write(latin1, Data("A latin-1 named file about tortoises.".utf8))
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.skipped, [], "not counted unreadable")
        let hit = try XCTUnwrap(index.search("tortoises").first)
        XCTAssertTrue(hit.documentPath.contains("\u{FFFD}"), hit.documentPath)
        XCTAssertEqual(try index.documentText(path: hit.documentPath), "A latin-1 named file about tortoises.")
        XCTAssertEqual(try index.update().unchanged, 1)
    }

    /// Two writers on one index (separate connections, as two processes have): the second
    /// waits for the first; neither fails, nothing is indexed twice.
    func testConcurrentUpdatesAreSerialised() throws {
        for i in 0..<300 { try documents.write("doc\(i).txt", "Document \(i) is about marmot\(i) and \(String(repeating: "words ", count: 50))") }
        let results = Collected<Result<IndexReport, Error>>()
        let group = DispatchGroup()
        let (folder, database) = (folder, database)
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                let outcome = Result { try PassageIndex(folder: folder, databaseURL: database).update() }
                results.append(outcome)
            }
        }
        group.wait()
        let reports = try results.all.map { try $0.get() }
        XCTAssertEqual(reports.map(\.added).sorted(), [0, 300], "one indexed everything, the other found it done")
        XCTAssertEqual(reports.map(\.documents), [300, 300])
        XCTAssertEqual(try makeIndex().search("marmot299").first?.documentPath, "doc299.txt")
    }

    func testAReaderUsesTheIndexAsItStandsWhileAnotherProcessWrites() throws {
        try documents.write("a.txt", "Ospreys dive for fish.")
        let writer = try makeIndex()
        _ = try writer.update()
        try documents.write("b.txt", "Herons wait for fish.")
        XCTAssertTrue(try writer.lock.acquire(wait: false))  // another writer at work
        defer { writer.lock.release() }
        let reader = try makeIndex()
        let report = try reader.update(whenBusy: .useAsIs)
        XCTAssertTrue(report.leftToAnotherWriter)
        XCTAssertEqual(report.documents, 1)
        XCTAssertEqual(try reader.search("ospreys").first?.documentPath, "a.txt")
        // Waiting can be cancelled.
        let waited = try reader.update(isCancelled: { true })
        XCTAssertTrue(waited.cancelled)
    }

    /// A fresh index made by two processes at once: one creates it, the other uses it; it is
    /// never deleted while written.
    func testTwoProcessesCreatingTheSameIndexShareIt() throws {
        try documents.write("a.txt", "Puffins nest on cliffs.")
        let group = DispatchGroup()
        let errors = Collected<String>()
        let (folder, database) = (folder, database)
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                do { _ = try PassageIndex(folder: folder, databaseURL: database).update() } catch { errors.append("\(error)") }
            }
        }
        group.wait()
        XCTAssertEqual(errors.all, [])
        XCTAssertEqual(try makeIndex().search("puffins").first?.documentPath, "a.txt")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: documents.base.path).filter { $0.contains("-new-") }
        XCTAssertEqual(leftovers, [])
    }

    /// Binary and blank files are remembered by size and mtime: a search does not read them again.
    func testSkippedFilesAreRememberedUntilTheyChange() throws {
        try documents.write("notes.txt", "Walruses have tusks.")
        var binary = Data(repeating: 0, count: 100)
        binary.append(Data("hidden text".utf8))
        try binary.write(to: folder.appendingPathComponent("blob.txt"))
        try documents.write("blank.md", "   \n\n ")
        let index = try makeIndex()
        var report = try index.update()
        XCTAssertEqual(report.skippedCount(.binary), 1)
        XCTAssertEqual(report.skippedCount(.empty), 1)
        XCTAssertEqual(report.bytesRead, "Walruses have tusks.".utf8.count)
        // Same size and mtime, different bytes: were it read again, it would be indexed as text.
        let blob = folder.appendingPathComponent("blob.txt").path
        var before = stat()
        stat(blob, &before)
        try Data("Secretly text about ibexes.".utf8 + Data(repeating: 0x20, count: binary.count - 27)).write(to: URL(fileURLWithPath: blob))
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, blob, &times, 0), 0)
        report = try index.update()
        XCTAssertEqual(report.skippedCount(.binary), 1, "remembered, not read")
        XCTAssertEqual(report.skippedCount(.empty), 1)
        XCTAssertEqual(report.bytesRead, 0)
        XCTAssertEqual(try index.search("ibexes"), [])
        // Once it changes it is read again.
        try Data("Now the blob is text about narwhals.".utf8).write(to: folder.appendingPathComponent("blob.txt"))
        report = try index.update()
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.skippedCount(.binary), 0)
        XCTAssertEqual(try index.search("narwhals").first?.documentPath, "blob.txt")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("blank.md"))
        XCTAssertEqual(try index.update().skipped, [])
        XCTAssertEqual(try index.database.integer("SELECT count(*) FROM skipped_files"), 0, "gone files are forgotten")
    }

    /// A 2 GB sparse file (made by truncate: no disk, no time) is skipped as too large without
    /// being read; under a raised limit its first 8 kB show it is binary.
    func testAHugeSparseFileIsSkippedWithoutReadingIt() throws {
        let sparse = folder.appendingPathComponent("huge.txt")
        XCTAssertEqual(truncate(sparse.path, 0), -1)
        XCTAssertTrue(FileManager.default.createFile(atPath: sparse.path, contents: nil))
        XCTAssertEqual(truncate(sparse.path, 2 << 30), 0)
        try documents.write("small.txt", "Otters hold hands while sleeping.")
        var report = try makeIndex().update()
        XCTAssertEqual(report.skippedCount(.tooLarge), 1)
        XCTAssertEqual(report.skipped.first { $0.reason == .tooLarge }?.detail, "2048.0 MB, over the 32 MB limit per file")
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.bytesRead, "Otters hold hands while sleeping.".utf8.count)
        // Raised limit (a changed limit changes nothing else): binary, judged from 8 kB.
        report = try makeIndex(maxFileBytes: 4 << 30).update()
        XCTAssertEqual(report.skippedCount(.binary), 1)
        XCTAssertEqual(report.skippedCount(.tooLarge), 0)
    }

    func testLinksToFoldersAreFollowedAndLoopsEnd() throws {
        let outside = documents.base.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("Wombats produce cube-shaped droppings.".utf8).write(to: outside.appendingPathComponent("wombat.txt"))
        try documents.write("real/koala.txt", "Koalas sleep most of the day.")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("linked-out").path, withDestinationPath: "../outside")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a-link-in").path, withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("real/loop").path, withDestinationPath: "..")
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(try index.documentPaths(), ["linked-out/wombat.txt", "real/koala.txt"], "the real path wins; the loop ends")
        XCTAssertEqual(report.skipped, [])
    }

    /// Folders nested deeper than PATH_MAX (4096 bytes): their files are indexed too.
    func testFilesUnderVeryDeepPathsAreIndexed() throws {
        var path = FileSystemPath(folder.path)
        let component = Array(String(repeating: "d", count: 200).utf8)
        for _ in 0..<30 {  // 30 × 201 bytes: over 6,000
            path = path.appending(component)
            let parent = path.bytes.count < 4000 ? path : nil
            if let parent {
                XCTAssertEqual(parent.withCString { mkdir($0, 0o755) }, 0)
            } else {
                // Beyond PATH_MAX only relative to an open folder.
                let descriptor = FileSystemPath(bytes: Array(path.bytes.dropLast(component.count + 1))).open(O_RDONLY | O_DIRECTORY)
                XCTAssertGreaterThanOrEqual(descriptor, 0)
                XCTAssertEqual(mkdirat(descriptor, String(decoding: component, as: UTF8.self), 0o755), 0)
                close(descriptor)
            }
        }
        XCTAssertGreaterThan(path.bytes.count, Int(PATH_MAX))
        let deep = path.appending(Array("deep.txt".utf8))
        let descriptor = deep.open(O_WRONLY | O_CREAT, mode: 0o644)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        let text = "Axolotls regrow their limbs."
        _ = text.withCString { Glibc.write(descriptor, $0, strlen($0)) }
        close(descriptor)
        let index = try makeIndex()
        let report = try index.update()
        XCTAssertEqual(report.added, 1, "\(report.skipped)")
        XCTAssertEqual(try index.search("axolotls limbs").first?.text, text)
        // Cleaning up needs the same care: remove from the deepest folder up.
        var current = path
        while current.bytes.count > folder.path.utf8.count + 1 {
            let parentBytes = Array(current.bytes.prefix(upTo: current.bytes.lastIndex(of: UInt8(ascii: "/"))!))
            let parent = FileSystemPath(bytes: parentBytes).open(O_RDONLY | O_DIRECTORY)
            let name = String(decoding: current.bytes.suffix(from: current.bytes.lastIndex(of: UInt8(ascii: "/"))! + 1), as: UTF8.self)
            if current == path { unlinkat(FileSystemPath(bytes: current.bytes).open(O_RDONLY | O_DIRECTORY), "deep.txt", 0) }
            unlinkat(parent, name, AT_REMOVEDIR)
            close(parent)
            current = FileSystemPath(bytes: parentBytes)
        }
    }
}

/// Results collected from several threads.
final class Collected<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
