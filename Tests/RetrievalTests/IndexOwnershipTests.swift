import Documents
import Foundation
@testable import Retrieval
import TestSupport
import XCTest

/// AlbertQA writes, rebuilds or replaces only a file it can prove is its own index; anything
/// else at the index path is refused with one line naming it, and nothing is written there.
final class IndexOwnershipTests: XCTestCase {
    var documents: DocumentFolder!
    var folder: URL { documents.url }
    var base: URL { documents.base }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-ownership")
        try documents.write("etna.txt", "Mount Etna is an active volcano on the east coast of Sicily.")
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    /// Every entry under `url` (recursively) with its size, mode and modification time.
    func snapshot(_ url: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: url.path)
        while let name = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path)
            entries[name] = "\(attributes[.size] ?? 0) \(attributes[.posixPermissions] ?? 0) \(attributes[.modificationDate] ?? 0) \(attributes[.type] ?? "")"
        }
        return entries
    }

    func assertRefused(_ index: URL, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try snapshot(base)
        XCTAssertThrowsError(try PassageIndex(folder: folder, databaseURL: index), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(index.path), message, file: file, line: line)
            XCTAssertTrue(message.contains(expected), message, file: file, line: line)
            XCTAssertFalse(message.contains("\n"), message, file: file, line: line)
        }
        XCTAssertEqual(try snapshot(base), before, "nothing may be written beside a refused index path", file: file, line: line)
    }

    func testAFolderAtTheIndexPathIsRefusedAndKeptWhateverItsName() throws {
        for name in ["work.db", "work.sqlite", "work.albertqa"] {
            let directory = base.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data("my own file".utf8).write(to: directory.appendingPathComponent("mine.txt"))
            try assertRefused(directory, "is a folder")
            XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("mine.txt"), encoding: .utf8), "my own file")
        }
        // The documents folder itself (`albertqa index X.db --index X.db`).
        try assertRefused(folder, "is a folder")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("etna.txt"), encoding: .utf8).prefix(10), "Mount Etna")
    }

    func testFilesThatAreNotOurIndexAreRefusedAndLeftAsTheyAre() throws {
        let notes = base.appendingPathComponent("notes.db")
        try Data("Buy milk.\n".utf8).write(to: notes)
        try assertRefused(notes, "not an SQLite database")

        let encrypted = base.appendingPathComponent("vault.sqlite")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: encrypted)
        try assertRefused(encrypted, "not an SQLite database")

        let empty = base.appendingPathComponent("empty.db")
        try Data().write(to: empty)
        try assertRefused(empty, "empty file")

        // Another program's database, in WAL mode (opening it through SQLite would create -shm).
        let contacts = base.appendingPathComponent("contacts.sqlite")
        close(try PrivateFile.createNew(contacts.path))
        do {
            let other = try SQLiteDatabase(existingFile: contacts.path)
            try other.execute("PRAGMA journal_mode = WAL; CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('Ada');")
        }
        try assertRefused(contacts, "another program's SQLite database")

        let link = base.appendingPathComponent("link.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: notes)
        try assertRefused(link, "symbolic link")

        let fifo = base.appendingPathComponent("pipe.sqlite")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        try assertRefused(fifo, "FIFO")

        XCTAssertThrowsError(try PassageIndex(folder: folder, databaseURL: URL(fileURLWithPath: "/dev/null"))) { error in
            XCTAssertTrue("\(error)".contains("/dev/null is a device"), "\(error)")
        }
    }

    func testNoParentFolderIsCreatedForAnExplicitIndexPath() throws {
        let nested = base.appendingPathComponent("missing/deeper/index.sqlite")
        try assertRefused(nested, "does not exist")
        XCTAssertFalse(FileManager.default.fileExists(atPath: base.appendingPathComponent("missing").path))
    }

    func testANewIndexCarriesTheApplicationIDAndIsPrivate() throws {
        let url = base.appendingPathComponent("index.sqlite")
        let index = try PassageIndex(folder: folder, databaseURL: url)
        XCTAssertEqual(try index.update().added, 1)
        let header = try IndexFile.readHeader(url.path)
        XCTAssertEqual(Array(header[68..<72]), Array("AQA1".utf8))
        XCTAssertEqual(Array(header[60..<64]), [0, 0, 0, UInt8(PassageIndex.schemaVersion)])
        XCTAssertEqual(try IndexFile.inspect(url.path), .ours(userVersion: PassageIndex.schemaVersion))
        for companion in [url.path, url.path + "-wal", url.path + "-shm", url.path + "-lock"] {
            var status = stat()
            guard lstat(companion, &status) == 0 else { continue }  // -wal/-shm exist while a connection is open
            XCTAssertEqual(status.st_mode & 0o777, 0o600, companion)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path + "-wal"), "WAL mode")
        // Nothing else was left beside it (no temporary file).
        let names = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0.hasPrefix("index.sqlite") }
        XCTAssertEqual(Set(names).subtracting(["index.sqlite", "index.sqlite-wal", "index.sqlite-shm", "index.sqlite-lock"]), [])
    }

    func testTheDefaultLocationIsCreatedPrivate() throws {
        let cache = base.appendingPathComponent("cache")
        let previous = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"]
        setenv("XDG_CACHE_HOME", cache.path, 1)
        defer { if let previous { setenv("XDG_CACHE_HOME", previous, 1) } else { unsetenv("XDG_CACHE_HOME") } }
        let index = try PassageIndex(folder: folder)
        _ = try index.update()
        XCTAssertTrue(index.databaseURL.path.hasPrefix(cache.path + "/albertqa/"), index.databaseURL.path)
        for path in [cache.path, cache.path + "/albertqa"] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int), 0o700, path)
        }
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: index.databaseURL.path)[.posixPermissions] as? Int), 0o600)
    }

    func testAnIndexOfAnEarlierVersionIsRebuilt() throws {
        // Schema 2 (before application ids): its meta table says it is AlbertQA's.
        let url = base.appendingPathComponent("old.sqlite")
        close(try PrivateFile.createNew(url.path))
        do {
            let old = try SQLiteDatabase(existingFile: url.path)
            try old.execute("""
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE documents (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, text TEXT);
                INSERT INTO meta VALUES ('app', 'albertqa'), ('schema_version', '2'), ('chunking', '220/1/60');
                """)
        }
        chmod(url.path, 0o644)
        XCTAssertEqual(try IndexFile.inspect(url.path), .legacy)
        let index = try PassageIndex(folder: folder, databaseURL: url)
        XCTAssertTrue(index.rebuiltBecause?.contains("older version") == true, index.rebuiltBecause ?? "not rebuilt")
        XCTAssertEqual(try index.update().added, 1)
        XCTAssertEqual(try index.search("Etna").first?.documentPath, "etna.txt")
        XCTAssertEqual(try IndexFile.inspect(url.path), .ours(userVersion: PassageIndex.schemaVersion))
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int), 0o600)
    }

    func testChangedPassageSettingsRebuildInPlace() throws {
        let url = base.appendingPathComponent("index.sqlite")
        _ = try PassageIndex(folder: folder, databaseURL: url).update()
        var before = stat()
        stat(url.path, &before)
        let index = try PassageIndex(folder: folder, databaseURL: url, chunking: ChunkingOptions(maxWords: 50))
        XCTAssertTrue(index.rebuiltBecause?.contains("passage settings changed") == true)
        var after = stat()
        stat(url.path, &after)
        XCTAssertEqual(before.st_ino, after.st_ino, "rebuilt in place, never deleted and recreated")
        XCTAssertEqual(try index.update().added, 1)
    }

    func testAnIndexDamagedWhileOpenIsRebuiltByTheNextUpdateAndSearch() throws {
        let url = base.appendingPathComponent("index.sqlite")
        for i in 0..<40 { try documents.write("more/\(i).txt", String(repeating: "Glacier number \(i) moves slowly downhill. ", count: 200)) }
        let index = try PassageIndex(folder: folder, databaseURL: url)
        _ = try index.update()
        // Garble the FTS index's segments, as a contentless delete with the wrong text did
        // (SQLite then says "database disk image is malformed").
        try index.database.execute("UPDATE passages_fts_data SET block = x'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' WHERE id > 10")
        try documents.write("etna.txt", "Mount Etna erupted again; lava reached the coast.")
        XCTAssertThrowsError(try index.database.execute("SELECT * FROM passages_fts WHERE passages_fts MATCH 'glacier'")) { error in
            XCTAssertTrue((error as? RetrievalError)?.isCorruption == true, "\(error)")
        }
        let report = try index.update()
        XCTAssertEqual(report.documents, 41)
        XCTAssertEqual(try index.search("lava coast").first?.documentPath, "etna.txt")
        XCTAssertEqual(try index.search("glacier number 7 downhill").first?.documentPath, "more/7.txt")
        XCTAssertTrue(index.rebuiltBecause?.contains("damaged") == true, index.rebuiltBecause ?? "not rebuilt")
    }

    /// The question history (and anything else AlbertQA writes): 0600, written whole, never
    /// through a link or over a folder.
    func testPrivateFilesAreWrittenWholeWithOwnerOnlyPermissions() throws {
        let previous = umask(0)
        defer { umask(previous) }
        let folders = base.appendingPathComponent("a/b")
        try PrivateFile.createFolders(folders.path)
        for path in [base.appendingPathComponent("a").path, folders.path] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int), 0o700, path)
        }
        let history = folders.appendingPathComponent("index.sqlite.history")
        try PrivateFile.write(Data("Who won?\n".utf8), to: history.path)
        try PrivateFile.write(Data("Who won?\nWhere?\n".utf8), to: history.path)
        XCTAssertEqual(try String(contentsOf: history, encoding: .utf8), "Who won?\nWhere?\n")
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: history.path)[.posixPermissions] as? Int), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folders.path), ["index.sqlite.history"], "no temporary file left")
        let folderInTheWay = base.appendingPathComponent("x.history")
        try FileManager.default.createDirectory(at: folderInTheWay, withIntermediateDirectories: true)
        XCTAssertThrowsError(try PrivateFile.write(Data("q".utf8), to: folderInTheWay.path))
        let link = base.appendingPathComponent("link.history")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder.appendingPathComponent("etna.txt"))
        XCTAssertThrowsError(try PrivateFile.write(Data("q".utf8), to: link.path))
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("etna.txt"), encoding: .utf8).hasPrefix("Mount Etna"))
    }

    /// A search that meets a damaged index (no update before it) rebuilds, re-indexes and answers.
    func testASearchThatFindsTheIndexDamagedRebuildsIt() throws {
        let url = base.appendingPathComponent("index.sqlite")
        let index = try PassageIndex(folder: folder, databaseURL: url)
        _ = try index.update()
        try index.database.execute("UPDATE passages_fts_data SET block = x'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' WHERE id > 10")
        XCTAssertEqual(try index.search("Etna volcano").first?.documentPath, "etna.txt")
        XCTAssertTrue(index.rebuiltBecause?.contains("damaged") == true, index.rebuiltBecause ?? "not rebuilt")
        XCTAssertNoThrow(try index.database.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 0)"))
    }
}
