import Documents
import Foundation
import XCTest

/// DocumentError's cases carry the path; the message names it on one line.
final class DocumentErrorTests: XCTestCase {
    func testWalkingAFileIsNotAFolderNamingThePath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-not-a-folder-\(UUID()).txt")
        try Data("text".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try FolderWalker.walk(file)) { error in
            XCTAssertEqual(error as? DocumentError, .notAFolder(FileSystemPath(file.path)))
            XCTAssertEqual("\(error)", "\(file.path): not a folder")
            XCTAssertEqual(error.localizedDescription, "\(file.path): not a folder")
        }
    }

    func testAnUnreadableFolderGivesTheSystemsReason() {
        let error = DocumentError.unreadableFolder(FileSystemPath("/srv/docs"), reason: "Permission denied")
        XCTAssertEqual("\(error)", "/srv/docs: Permission denied")
        XCTAssertFalse("\(error)".contains("\n"))
    }
}
