@testable import albertqa
import Answering
import Foundation
import Retrieval
import XCTest

/// The flags → `SessionSettings` mapping is written once (`SessionSettings(arguments)`) and
/// the interface takes the session options `ask` takes: the same flags give both front ends
/// the same settings.
final class SessionSettingsTests: XCTestCase {
    let flags = ["--passage-words", "120", "--overlap", "0", "--retriever", "hybrid", "--fusion", "rrf", "--fusion-depth", "40",
                 "--fusion-k", "30", "--vector-window", "64,32", "--column-weights", "1,0,2", "--max-file-mb", "3",
                 "--tool-seconds", "5", "--index", "/tmp/albertqa-settings.sqlite", "--passages", "7"]

    func testTheInterfaceAndAskMapTheSameFlagsToTheSameSettings() throws {
        let ask = try SessionSettings(AskCommand.spec.parse(["docs", "question"] + flags))
        let interface = try SessionSettings(InterfaceCommand.spec.parse(["docs"] + flags))
        XCTAssertEqual(ask, interface)
        XCTAssertEqual(ask.chunking.maxWords, 120)
        XCTAssertEqual(ask.chunking.overlapSentences, 0)
        XCTAssertEqual(ask.retriever, .hybrid)
        XCTAssertEqual(ask.fusion.method, .reciprocalRank)
        XCTAssertEqual(ask.fusion.depth, 40)
        XCTAssertEqual(ask.fusion.k, 30)
        XCTAssertEqual(ask.fusion.denseWeight, 1, "rrf without --dense-weight weighs both lists 1")
        XCTAssertEqual(ask.vectorWindows, VectorWindows(words: 64, stride: 32))
        XCTAssertEqual(ask.columnWeights, ColumnWeights(title: 1, section: 0, text: 2))
        XCTAssertEqual(ask.maxFileBytes, 3 << 20)
        XCTAssertEqual(ask.toolSeconds, 5)
        XCTAssertEqual(ask.databaseURL?.path, "/tmp/albertqa-settings.sqlite")
        XCTAssertEqual(ask.calibration, .shippedWithModel)
    }

    func testWithoutFlagsTheSettingsAreTheLibraryDefaults() throws {
        let interface = try SessionSettings(InterfaceCommand.spec.parse([]))
        XCTAssertEqual(interface, SessionSettings())
    }
}
