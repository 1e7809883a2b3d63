@testable import Albert
import Documents
import Foundation
import XCTest

/// Answers start and end at whole words of the document, without the punctuation around them.
final class WordBoundaryTests: XCTestCase {
    static let tokenizer = try! AlbertTokenizer(modelURL: Fixtures.spieceModel)

    /// (piece, may start a span, may end a span) for every token of `text`.
    func flags(_ text: String) -> [(piece: String, start: Bool, end: Bool)] {
        let tokens = Self.tokenizer.tokenize(text)
        let allowed = WordBoundaries(text).allowedStartsAndEnds(tokens.ranges)
        return tokens.pieces.indices.map { (tokens.pieces[$0], allowed.starts[$0], allowed.ends[$0]) }
    }

    func testSubwordPiecesNeverStartOrEndASpanInsideAWord() {
        let text = "Uhuru Kenyatta's government, led from Nairobi, was praised by Fitzgerald-Ibarra (procps@freelists.org)."
        let tokens = flags(text)
        // The pieces are sentencepiece's: ▁uh uru ▁kenya tta ' s ▁government , … ▁fitzgerald - i barra ▁ ( proc ps @ free list s . org ) .
        XCTAssertEqual(tokens.map(\.piece), ["▁uh", "uru", "▁kenya", "tta", "'", "s", "▁government", ",", "▁led", "▁from", "▁nairobi", ",",
                                             "▁was", "▁praised", "▁by", "▁fitzgerald", "-", "i", "barra", "▁", "(", "proc", "ps", "@",
                                             "free", "list", "s", ".", "org", ")", "."])
        func check(_ index: Int, start: Bool, end: Bool, line: UInt = #line) {
            XCTAssertEqual(tokens[index].start, start, "start at \(tokens[index].piece)", line: line)
            XCTAssertEqual(tokens[index].end, end, "end at \(tokens[index].piece)", line: line)
        }
        check(0, start: true, end: false)    // ▁uh: "Uh|uru"
        check(1, start: false, end: true)    // uru: never "uru Kenyatta"
        check(2, start: true, end: false)    // ▁kenya: "Kenya|tta"
        check(3, start: false, end: true)    // tta: ends "Kenyatta" before the possessive 's
        check(10, start: true, end: true)    // ▁nairobi
        check(15, start: true, end: true)    // ▁fitzgerald: the hyphen separates words
        check(17, start: true, end: false)   // i: "Ibarra" starts after the hyphen; "I|barra" is inside
        check(18, start: false, end: true)   // barra: never "barra"
        check(21, start: true, end: false)   // proc: after "(", inside "procps"
        check(24, start: false, end: false)  // free: "procps@freelists" is one word
        check(26, start: false, end: false)  // s: not "procps@freelists" without its ".org"
        check(28, start: false, end: true)   // org
        XCTAssertFalse(tokens[19].start || tokens[19].end, "a lone ▁ (empty range) neither starts nor ends a span")
    }

    func testNumbersAndAbbreviationsAreWholeWords() {
        let tokens = flags("The U.S. spent $1,000 or 3.5% in 1856.")
        XCTAssertEqual(tokens.map(\.piece), ["▁the", "▁u", ".", "s", ".", "▁spent", "▁$1,000", "▁or", "▁3", ".", "5%", "▁in", "▁1856", "."])
        XCTAssertFalse(tokens[1].end, "U|.S.")
        XCTAssertFalse(tokens[3].start, "U.|S.")
        XCTAssertTrue(tokens[4].end)
        XCTAssertFalse(tokens[8].end, "3|.5%")
        XCTAssertFalse(tokens[10].start, "3.|5%")
        XCTAssertTrue(tokens[10].end)
        XCTAssertTrue(tokens[12].start && tokens[12].end, "1856 before the full stop")
    }

    func testTrimmingDropsThePunctuationAroundAnAnswerButKeepsWhatBelongsToIt() {
        func trim(_ span: String, in text: String? = nil) -> String? {
            let whole = text ?? span
            let lower = whole.unicodeScalars.distance(from: whole.unicodeScalars.startIndex,
                                                     to: whole.range(of: span)!.lowerBound.samePosition(in: whole.unicodeScalars)!)
            let count = span.unicodeScalars.count
            return WordBoundaries(whole).trimmed(lower..<lower + count).map { ScalarText(whole)[$0] }
        }
        XCTAssertEqual(trim("(1856)"), "1856")
        XCTAssertEqual(trim("Nairobi,"), "Nairobi")
        XCTAssertEqual(trim(", Nairobi."), "Nairobi")
        XCTAssertEqual(trim("“The Simpsons”"), "The Simpsons")
        XCTAssertEqual(trim("\"Hello\" she said"), "\"Hello\" she said")
        XCTAssertEqual(trim("10 July [O.S. 28 June] 1856"), "10 July [O.S. 28 June] 1856")
        XCTAssertEqual(trim("10 July [O.S. 28 June]"), "10 July [O.S. 28 June]")
        XCTAssertEqual(trim("the U.S."), "the U.S.")
        XCTAssertEqual(trim("freelists.org."), "freelists.org")
        XCTAssertEqual(trim("$1,000"), "$1,000")
        XCTAssertEqual(trim("3.5%"), "3.5%")
        XCTAssertEqual(trim("1338–39"), "1338–39")
        XCTAssertEqual(trim("the Beatles'"), "the Beatles")
        XCTAssertNil(trim("—"))
        XCTAssertNil(trim(" ( ) "))
    }

    func testTheDecoderOnlyProposesAllowedStartsAndEnds() {
        // [CLS] q [SEP] c0 c1 c2 c3 [SEP]; the model likes starting at c1 and ending at c2, both inside words.
        let feature = QAFeature(inputIds: [2, 10, 3, 20, 21, 22, 23, 3], tokenTypeIds: [0, 0, 0, 1, 1, 1, 1, 1],
                                contextOffset: 3, window: 0..<4, tokenIsMaxContext: [true, true, true, true])
        let logits = SpanLogits(start: [0, 0, 0, 3, 9, 1, 2, 0], end: [0, 0, 0, 1, 2, 8, 4, 0])
        let allowed = (starts: [true, false, true, true], ends: [false, true, false, true])
        let free = SpanDecoder().candidates(feature: feature, logits: logits)
        XCTAssertEqual(free.max { $0.score < $1.score }.map { [$0.startToken, $0.endToken] }, [1, 2], "unconstrained: HF's best")
        let constrained = SpanDecoder().candidates(feature: feature, logits: logits, wordBoundaries: allowed)
        XCTAssertFalse(constrained.isEmpty)
        XCTAssertTrue(constrained.allSatisfy { allowed.starts[$0.startToken] && allowed.ends[$0.endToken] })
        let best = try! XCTUnwrap(constrained.max { $0.score < $1.score })
        XCTAssertEqual([best.startToken, best.endToken], [0, 3])
        XCTAssertEqual(best.score, 3 + 4)
        // Only two starts and two ends are allowed: with nBest 1 the best allowed ones are still found.
        XCTAssertEqual(SpanDecoder(nBest: 1).candidates(feature: feature, logits: logits, wordBoundaries: allowed).map { [$0.startToken, $0.endToken] }, [[0, 3]])
    }

    func testEveryAnswerOfTheReaderIsMadeOfWholeWords() throws {
        let reader = DefaultModelTests.reader
        let context = "Uhuru Kenyatta's government, led from Nairobi, was praised by Fitzgerald-Ibarra (procps@freelists.org). "
            + "The capital city, Nairobi, lies on the Nairobi River; its mayor in 1856 was nobody."
        let words = WordBoundaries(context)
        for question in ["Who leads the government?", "What is the capital?", "Who praised the government?", "What is the address?"] {
            let result = try reader.read(question: question, context: context, topK: 20)
            XCTAssertGreaterThan(result.answers.count, 5, question)
            for answer in result.answers {
                XCTAssertFalse(words.isInsideWord(answer.range.lowerBound), "\(question) → \(answer.text)")
                XCTAssertFalse(words.isInsideWord(answer.range.upperBound), "\(question) → \(answer.text)")
                XCTAssertEqual(words.trimmed(answer.range), answer.range, "already trimmed: \(answer.text)")
                XCTAssertEqual(ScalarText(context)[answer.range], answer.text)
            }
        }
    }
}
