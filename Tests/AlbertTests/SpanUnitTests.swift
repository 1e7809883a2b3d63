@testable import Albert
import XCTest

/// Table rows bound the reader's spans: a span starts and ends in one row (`SpanDecoder`'s
/// units), so an answer never runs from one row into the next.
final class SpanUnitTests: XCTestCase {
    func testTokensAreNumberedByTheUnitTheyStartIn() {
        // "ab. cd. ef": rows 0..<3 and 4..<7, prose after.
        let ranges = [0..<2, 2..<3, 4..<6, 6..<7, 8..<10]
        XCTAssertEqual(SpanDecoder.units(ofTokens: ranges, boundaries: [0, 3, 4, 7]), [1, 1, 3, 3, 4])
        XCTAssertEqual(SpanDecoder.units(ofTokens: ranges, boundaries: []), [0, 0, 0, 0, 0])
    }

    func testTheDecoderNeverPairsAStartAndAnEndFromTwoUnits() {
        // [CLS] q [SEP] c0 c1 | c2 c3 [SEP]: the model's best span is c1…c2, across the units.
        let feature = QAFeature(inputIds: [2, 10, 3, 20, 21, 22, 23, 3], tokenTypeIds: [0, 0, 0, 1, 1, 1, 1, 1],
                                contextOffset: 3, window: 0..<4, tokenIsMaxContext: [true, true, true, true])
        let logits = SpanLogits(start: [0, 0, 0, 1, 9, 2, 0, 0], end: [0, 0, 0, 0, 1, 9, 3, 0])
        let free = SpanDecoder().candidates(feature: feature, logits: logits)
        XCTAssertEqual(free.max { $0.score < $1.score }.map { [$0.startToken, $0.endToken] }, [1, 2])
        let units = [0, 0, 1, 1]
        let bounded = SpanDecoder().candidates(feature: feature, logits: logits, units: units)
        XCTAssertTrue(bounded.allSatisfy { units[$0.startToken] == units[$0.endToken] })
        let best = try! XCTUnwrap(bounded.max { $0.score < $1.score })
        XCTAssertEqual([best.startToken, best.endToken], [2, 2], "c2 alone (2 + 9) beats c1 alone (9 + 1)")
    }

    /// The case on the real model: read as one text, its second span takes two rows
    /// ("Headlamps · Shelf: A3 · Count: 40. Item: Crampons · Shelf: D1", which `ask` ranked
    /// first); within rows every span stays in one, and "D1" is among them. (The raw reader
    /// still scores "Headlamps" highest; the calibrated ranking puts "D1" first, asserted end
    /// to end in CLITests.testTableAnswersNameTheirCellAndStayWithinTheirRow.)
    func testTheReaderAnswersFromOneRow() throws {
        let reader = DefaultModelTests.reader
        let context = "Stock.\n\nItem: Headlamps · Shelf: A3 · Count: 40.\n\nItem: Crampons · Shelf: D1 · Count: 12.\n\nItem: Ice axes · Shelf: B2 · Count: 7."
        let scalars = Array(context.unicodeScalars)
        var rows: [Range<Int>] = []
        var start = 8
        for (i, scalar) in scalars.enumerated() where scalar == "\n" && i > start {
            rows.append(start..<i)
            start = i + 2
        }
        rows.append(start..<scalars.count)
        XCTAssertEqual(rows.count, 3)
        let question = "Which shelf are the crampons on?"
        let free = try reader.read(question: reader.tokenizer.tokenize(question), context: context,
                                   contextTokens: reader.tokenizer.tokenize(context))
        func withinOneRow(_ answer: ReaderAnswer) -> Bool {
            rows.contains { $0.contains(answer.range.lowerBound) && answer.range.upperBound <= $0.upperBound }
        }
        XCTAssertTrue(free.answers.prefix(3).contains { !withinOneRow($0) }, "\(free.answers.prefix(3).map(\.text))")
        let bounded = try reader.read(question: reader.tokenizer.tokenize(question), context: context,
                                      contextTokens: reader.tokenizer.tokenize(context), units: rows)
        XCTAssertTrue(bounded.answers.prefix(5).contains { $0.text == "D1" }, "\(bounded.answers.prefix(5).map(\.text))")
        for answer in bounded.answers { XCTAssertTrue(withinOneRow(answer), answer.text) }
    }
}
