import Foundation
import Retrieval
import XCTest

/// RetrievalError's cases carry the path, SQLite's code and the reason; the message is the
/// one line the CLI prints.
final class RetrievalErrorTests: XCTestCase {
    func testAFolderGivenAsTheIndexIsRefusedNamingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-retrieval-error-\(UUID())")
        let notAnIndex = folder.appendingPathComponent("index.sqlite")
        try FileManager.default.createDirectory(at: notAnIndex, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        XCTAssertThrowsError(try PassageIndex(folder: folder, databaseURL: notAnIndex)) { error in
            XCTAssertEqual(error as? RetrievalError, .notAnIndex(path: notAnIndex.path, .folder))
            XCTAssertEqual("\(error)", "\(notAnIndex.path) is a folder, not an AlbertQA index; AlbertQA leaves it alone: choose another --index")
            XCTAssertEqual(error.localizedDescription, "\(error)")
        }
    }

    func testAnSQLiteFailureKeepsItsCodeAndNamesTheDatabase() {
        let damaged = RetrievalError.sqlite(path: "/idx/a.sqlite", code: 11, message: "database disk image is malformed")
        XCTAssertEqual("\(damaged)", "/idx/a.sqlite: database disk image is malformed")
        XCTAssertTrue(damaged.isCorruption)
        XCTAssertFalse(RetrievalError.sqlite(path: "/idx/a.sqlite", code: 5, message: "database is locked").isCorruption)
        XCTAssertFalse("\(damaged)".contains("\n"))
    }
}
