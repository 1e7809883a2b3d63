@testable import Answering
import Documents
import Foundation
import XCTest

/// The merge of the reader's candidates into answers, on constructed candidates.
final class CandidateCollectorTests: XCTestCase {
    /// A candidate for `span` at its first occurrence (after `after`) in `text`, from passage `passage`.
    func candidate(_ span: String, in text: String, after: String = "", score: Float, passage: Int = 0, document: String = "a.txt") -> AnswerCandidate {
        let from = after.isEmpty ? text.startIndex : text.range(of: after)!.upperBound
        let found = text.range(of: span, range: from..<text.endIndex)!
        let lower = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: found.lowerBound.samePosition(in: text.unicodeScalars)!)
        let range = lower..<lower + span.unicodeScalars.count
        return AnswerCandidate(text: span, score: score, spanScore: score + 1, location: AnswerLocation(documentPath: document, range: range),
                               context: text, contextRange: range, passage: passage)
    }

    func rank(_ candidates: [AnswerCandidate], read: Int = 1, calibration: AnswerCalibration? = nil) -> [Answer] {
        let facts = Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, PassageFacts(coverage: 0.5)) })
        return CandidateCollector.rank(candidates, passages: facts, passagesRead: read, calibration: calibration)
    }

    func assertNoOverlappingPlaces(_ answers: [Answer], line: UInt = #line) {
        let places = answers.flatMap(\.locations)
        for i in places.indices {
            for j in places.indices where j > i {
                XCTAssertFalse(places[i].documentPath == places[j].documentPath && places[i].range.overlaps(places[j].range),
                               "\(places[i]) overlaps \(places[j])", line: line)
            }
        }
    }

    func lse(_ values: [Double]) -> Double { log(values.map { exp($0) }.reduce(0, +)) }

    func testVariantsOfOnePlaceAreOneAnswerWhoseScoreCombinesTheirs() {
        let text = "Kenya's capital city, Nairobi, is large and busy."
        let answers = rank([
            candidate("Nairobi", in: text, score: 5),
            candidate("capital city, Nairobi", in: text, score: 3.5),
            candidate("city, Nairobi", in: text, score: 3.1),
            candidate("capital city", in: text, score: 3),
            candidate("large", in: text, score: 1),
        ])
        XCTAssertEqual(answers.map(\.text), ["Nairobi", "large"])
        XCTAssertEqual(answers[0].locations.map(\.range), [22..<29], "shown at its best span")
        XCTAssertEqual(Double(answers[0].score), lse([5, 3.5, 3.1, 3]), accuracy: 1e-5, "log-sum-exp of the variants")
        XCTAssertEqual(answers[1].score, 1)
        XCTAssertEqual(answers[0].features.share + answers[1].features.share, 1, accuracy: 1e-9)
        XCTAssertEqual(answers[0].confidence, answers[0].share, "without a calibration the probability is the share")
        assertNoOverlappingPlaces(answers)
    }

    func testALongSpanBridgingTwoAnswersDoesNotFuseThem() {
        let text = "The Denver Broncos defeated the Carolina Panthers 24–10."
        let answers = rank([
            candidate("Denver Broncos", in: text, score: 6),
            candidate("Carolina Panthers", in: text, score: 4),
            candidate("Denver Broncos defeated the Carolina Panthers", in: text, score: 2),
            candidate("the Carolina Panthers", in: text, after: "defeated", score: 1.5),
            candidate("Broncos", in: text, score: 1),
        ])
        XCTAssertEqual(answers.map(\.text), ["Denver Broncos", "Carolina Panthers"])
        XCTAssertEqual(Double(answers[0].score), lse([6, 2, 1]), accuracy: 1e-5)
        XCTAssertEqual(Double(answers[1].score), lse([4, 1.5]), accuracy: 1e-5)
        assertNoOverlappingPlaces(answers)
    }

    func testOnePlaceReadByTwoOverlappingPassagesTakesTheBetterPassageNotTheSum() {
        let text = "Tesla was born on 10 July 1856 in Smiljan."
        let answers = rank([
            candidate("1856", in: text, score: 3, passage: 0),
            candidate("1856", in: text, score: 4, passage: 1),
            candidate("10 July 1856", in: text, score: 2, passage: 1),
            candidate("Smiljan", in: text, score: 0.5, passage: 0),
        ], read: 2)
        XCTAssertEqual(answers.map(\.text), ["1856", "Smiljan"])
        XCTAssertEqual(Double(answers[0].score), lse([4, 2]), accuracy: 1e-5, "passage 1's variants; passage 0 reads the same words")
        XCTAssertEqual(answers[0].locations.count, 1)
        XCTAssertEqual(answers[0].features.support, 1, "both passages proposed it")
        XCTAssertEqual(answers[1].features.support, 0.5)
    }

    func testTheSameTextAtDifferentPlacesIsOneAnswerListingEveryPlace() {
        let a = "The observatory was founded by Maria Keller in 1889. Maria Keller also taught."
        let b = "A note: maria keller founded it."
        let answers = rank([
            candidate("Maria Keller", in: a, score: 5, passage: 0),
            candidate("Maria Keller", in: a, after: "1889.", score: 2, passage: 0),
            candidate("maria keller", in: b, score: 3, passage: 1, document: "b.txt"),
            candidate("Maria Keller in 1889", in: a, score: 1, passage: 0),
            candidate("1889", in: a, score: 2.5, passage: 0),
        ], read: 2)
        XCTAssertEqual(answers.map(\.text), ["Maria Keller", "1889"])
        XCTAssertEqual(answers[0].locations.map(\.documentPath), ["a.txt", "b.txt", "a.txt"], "best place first")
        XCTAssertEqual(answers[0].features.logPlaces, log(3), accuracy: 1e-12)
        XCTAssertEqual(answers[0].features.gap, Double(answers[0].score) - 2.5, accuracy: 1e-5)
        XCTAssertEqual(answers[1].features.gap, 2.5 - Double(answers[0].score), accuracy: 1e-5)
        XCTAssertEqual(answers[0].features.isTop, 1)
        XCTAssertEqual(answers[1].features.isTop, 0)
        assertNoOverlappingPlaces(answers)
    }

    func testNoTopKEverHasOverlappingPlaces() {
        // Random spans over three documents, in any order: every answer list is free of overlaps,
        // and the ranking does not depend on the order the candidates arrived in.
        var generator = SplitMix(seed: 42)
        let text = String(repeating: "word ", count: 60)
        for _ in 0..<200 {
            var candidates: [AnswerCandidate] = []
            for _ in 0..<40 {
                let lower = Int(generator.next() % 50) * 5
                let length = 1 + Int(generator.next() % 4)
                let range = lower..<min(300, lower + length * 5 - 1)
                let document = ["a.txt", "b.txt", "c.txt"][Int(generator.next() % 3)]
                let score = Float(generator.next() % 1000) / 100
                candidates.append(AnswerCandidate(text: ScalarText(text)[range] + "\(range.lowerBound)", score: score, spanScore: score,
                                                  location: AnswerLocation(documentPath: document, range: range), context: text,
                                                  contextRange: range, passage: Int(generator.next() % 5)))
            }
            let answers = rank(candidates, read: 5)
            assertNoOverlappingPlaces(answers)
            XCTAssertEqual(rank(candidates.reversed(), read: 5).map(\.text), answers.map(\.text))
            XCTAssertEqual(answers.map(\.score), answers.map(\.score).sorted(by: >))
        }
    }

    func testTheCalibrationGivesTheProbabilityAndDecidesNotFound() throws {
        let text = "Mount Etna is on Sicily."
        let calibration = try AnswerCalibration(features: ["margin", "is_top"], mean: [0, 0], scale: [2, 1], weights: [1, 0.5], bias: -3,
                                                notFoundThreshold: 0.4)
        let answers = rank([candidate("Sicily", in: text, score: 6), candidate("Mount Etna", in: text, score: 1)], calibration: calibration)
        XCTAssertEqual(answers[0].confidence, 1 / (1 + exp(-(-3 + 6.0 / 2 + 0.5))), accuracy: 1e-12)
        XCTAssertEqual(answers[1].confidence, 1 / (1 + exp(-(-3 + 1.0 / 2))), accuracy: 1e-12)

        var options = AnsweringOptions()
        options.answers = 5
        let collector = CandidateCollector(question: "Where is Etna?", total: 1, options: options, calibration: calibration)
        XCTAssertFalse(collector.snapshot(seconds: 0).found, "no answer yet: not found")
        let strong = CandidateCollector(question: "Where is Etna?", total: 1, options: options, calibration: calibration)
        strong.addForTesting([candidate("Sicily", in: text, score: 6)])
        XCTAssertTrue(strong.snapshot(seconds: 0).found)
        let weak = CandidateCollector(question: "Where is Etna?", total: 1, options: options, calibration: calibration)
        weak.addForTesting([candidate("Sicily", in: text, score: 1)])
        let set = weak.snapshot(seconds: 0)
        XCTAssertFalse(set.found, "p = \(set.answers[0].confidence) < 0.4")
        XCTAssertTrue(set.noAnswerFound)
        XCTAssertEqual(set.notFoundThreshold, 0.4)
        XCTAssertEqual(set.answers.map(\.text), ["Sicily"], "the best guess is still there")
    }

    /// The list reads in the order of the percentages it shows, the first answer included, and
    /// "found" is decided by the most probable answer; `isTop` (a feature) stays the reader's best.
    func testAnswersAreListedByProbabilityEvenWhenTheReadersBestIsLessProbable() throws {
        let text = "Mount Etna is on Sicily."
        // A calibration that distrusts the reader's best answer: is_top weighs −2.
        let calibration = try AnswerCalibration(features: ["margin", "is_top"], mean: [0, 0], scale: [1, 1], weights: [0.1, -2], bias: 0,
                                                notFoundThreshold: 0.4)
        let candidates = [candidate("Sicily", in: text, score: 6), candidate("Mount Etna", in: text, score: 5)]
        let answers = rank(candidates, calibration: calibration)
        XCTAssertEqual(answers.map(\.text), ["Mount Etna", "Sicily"])
        XCTAssertEqual(answers[0].confidence, 1 / (1 + exp(-0.5)), accuracy: 1e-12)
        XCTAssertEqual(answers[1].confidence, 1 / (1 + exp(-(0.6 - 2))), accuracy: 1e-12)
        XCTAssertEqual(answers.map(\.features.isTop), [0, 1], "isTop is the reader's order, as fit")
        XCTAssertEqual(rank(candidates, calibration: nil).map(\.text), ["Sicily", "Mount Etna"], "uncalibrated: the reader's order")

        var options = AnsweringOptions()
        options.answers = 5
        let collector = CandidateCollector(question: "Where is Etna?", total: 1, options: options, calibration: calibration)
        collector.addForTesting(candidates)
        let set = collector.snapshot(seconds: 0)
        XCTAssertTrue(set.found, "the most probable answer, 62 %, reaches 40 %, though the reader's best (20 %) does not")
        XCTAssertEqual(set.answers.first?.text, "Mount Etna")
    }
}

/// A small deterministic generator (tests must not depend on the system's random numbers).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
