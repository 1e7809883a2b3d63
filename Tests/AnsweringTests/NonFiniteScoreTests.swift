import Answering
import Foundation
import Retrieval
import TestSupport
import XCTest

/// A score that is NaN or infinite is never ranked, rendered or serialised (issue 11:
/// `--bm25-weight 1e308` printed "nan%").
final class NonFiniteScoreTests: XCTestCase {
    func testAnInfiniteBlendIsDroppedNotRankedAsNaN() throws {
        let documents = try DocumentFolder(prefix: "albertqa-nonfinite")
        defer { documents.remove() }
        try documents.write("etna.txt", "Mount Etna is an active volcano on the east coast of Sicily, Italy. It erupted in 2021.")
        let index = try PassageIndex(folder: documents.url, databaseURL: documents.base.appendingPathComponent("index.sqlite"))
        _ = try index.update()
        let question = "When did Etna erupt?"
        let finite = try QuestionAnswerer(reader: sharedReader).answer(question, index: index)
        XCTAssertEqual(finite.answers.first?.text, "2021")
        for weight in [Float.infinity, Float(1e38), -.infinity] {
            let result = try QuestionAnswerer(reader: sharedReader, options: AnsweringOptions(bm25Weight: weight)).answer(question, index: index)
            for answer in result.answers {
                XCTAssertTrue(answer.score.isFinite && answer.confidence.isFinite, "\(weight): \(answer)")
            }
            XCTAssertEqual(result.passagesRead, 1)
        }
        // ±∞ blends cannot be ranked: nothing is kept, and nothing prints as nan.
        XCTAssertTrue(try QuestionAnswerer(reader: sharedReader, options: AnsweringOptions(bm25Weight: .infinity))
            .answer(question, index: index).answers.isEmpty)
    }
}
