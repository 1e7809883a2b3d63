import Foundation
import TUI
import XCTest

/// TUIError's cases carry what was found; the message is the one line `albertqa` prints.
final class TUIErrorTests: XCTestCase {
    func testAnUnavailableTerminalPointsToTheCommandLine() {
        let error = TUIError.terminalUnavailable(reason: "the interactive interface needs a capable terminal (TERM=dumb)")
        XCTAssertEqual("\(error)", "the interactive interface needs a capable terminal (TERM=dumb); use `albertqa ask DIR \"QUESTION\"` instead")
        XCTAssertEqual(error.localizedDescription, "\(error)")
    }

    func testAFailedStartNamesTheTerminal() {
        XCTAssertEqual("\(TUIError.cannotStart(term: "vt52"))", "cannot start the terminal interface (TERM=vt52)")
        XCTAssertFalse("\(TUIError.noUTF8Locale)".contains("\n"))
    }
}
