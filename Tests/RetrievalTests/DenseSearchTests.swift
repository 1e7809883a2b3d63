import CVectorKernels
import Foundation
@testable import Retrieval
import XCTest

/// The int8 dot-product kernels against their scalar reference, quantisation error, exact
/// top-k search, and reciprocal-rank fusion.
final class DenseSearchTests: XCTestCase {
    /// A reproducible generator (no global random state in tests).
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func float() -> Float { Float(next() >> 40) / Float(1 << 24) * 2 - 1 }
        mutating func unitVector(_ dimension: Int) -> [Float] {
            let v = (0..<dimension).map { _ in float() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
    }

    func testAVX2KernelMatchesTheScalarReferenceForEveryLengthAndExtremeValues() throws {
        try XCTSkipUnless(vk_has_avx2() == 1, "no AVX2 on this CPU")
        var random = SplitMix(state: 7)
        for dimension in [1, 15, 16, 17, 31, 384, 385] {
            let rows = 9
            var matrix = (0..<rows * dimension).map { _ in Int8(truncatingIfNeeded: random.next()) }
            var query = (0..<dimension).map { _ in Int8(truncatingIfNeeded: random.next()) }
            // Extremes: -128 × -128 in every lane of the first row.
            for d in 0..<dimension { matrix[d] = -128 }
            query = query.map { $0 == 0 ? -128 : $0 }
            var reference = [Int32](repeating: 0, count: rows)
            var simd = [Int32](repeating: 0, count: rows)
            vk_dot_i8_rows_scalar(matrix, rows, dimension, query, &reference)
            vk_dot_i8_rows_avx2(matrix, rows, dimension, query, &simd)
            XCTAssertEqual(simd, reference, "dimension \(dimension)")
        }
    }

    func testQuantisedCosineStaysCloseToFloatCosine() {
        var random = SplitMix(state: 11)
        for _ in 0..<50 {
            let a = random.unitVector(384), b = random.unitVector(384)
            let exact = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
            let qa = QuantizedVector(a), qb = QuantizedVector(b)
            let approximate = zip(qa.codes, qb.codes).reduce(Float(0)) { $0 + Float($1.0) * Float($1.1) } * qa.scale * qb.scale
            XCTAssertEqual(approximate, exact, accuracy: 0.01)
        }
        XCTAssertEqual(QuantizedVector([0, 0, 0]).codes, [0, 0, 0], "a zero vector stays zero")
        XCTAssertEqual(QuantizedVector([1, -0.5, 0]).codes, [127, -64, 0])
    }

    func testNearestIsTheExactTopKByCosine() {
        var random = SplitMix(state: 3)
        let dimension = 64
        var store = DenseVectorStore(dimension: dimension)
        var vectors: [[Float]] = []
        for id in 0..<500 {
            let v = random.unitVector(dimension)
            vectors.append(v)
            store.append(id: Int64(1000 + id), QuantizedVector(v))
        }
        // A query right next to vector 42 finds it first, with a cosine near 1.
        let query = vectors[42]
        let top = store.nearest(query, k: 5)
        XCTAssertEqual(top.count, 5)
        XCTAssertEqual(top[0].id, 1042)
        XCTAssertEqual(top[0].cosine, 1, accuracy: 0.01)
        XCTAssertEqual(top.map(\.cosine), top.map(\.cosine).sorted(by: >), "best first")
        // The same set as a float brute force (ties within quantisation error aside).
        var exact: [(id: Int64, cosine: Float)] = []
        for (offset, vector) in vectors.enumerated() {
            var cosine: Float = 0
            for d in 0..<dimension { cosine += vector[d] * query[d] }
            exact.append((Int64(1000 + offset), cosine))
        }
        exact.sort { $0.cosine > $1.cosine }
        XCTAssertEqual(Array(top.map(\.id).prefix(3)), exact.prefix(3).map(\.id))
        XCTAssertEqual(store.nearest(query, k: 0).count, 0)
        XCTAssertEqual(store.nearest(Array(query.prefix(10)), k: 3).count, 0, "a query of the wrong dimension finds nothing")
        XCTAssertEqual(store.nearest(query, k: 10_000).count, 500)
    }

    func testAPassageOfSeveralRowsScoresItsBestRow() {
        var store = DenseVectorStore(dimension: 3)
        store.append(id: 7, rows: [QuantizedVector([1, 0, 0]), QuantizedVector([0, 1, 0])])
        store.append(id: 8, QuantizedVector([0.6, 0.8, 0]))
        store.append(id: 9, rows: [QuantizedVector([0, 0, 1])])
        XCTAssertEqual(store.count, 3)
        XCTAssertEqual(store.rowCount, 4)
        // [0, 1, 0]: passage 7's second row (1.0) beats passage 8 (0.8); 9 is orthogonal.
        let top = store.nearest([0, 1, 0], k: 3)
        XCTAssertEqual(top.map(\.id), [7, 8, 9])
        XCTAssertEqual(top[0].cosine, 1, accuracy: 0.01)
        XCTAssertEqual(top[1].cosine, 0.8, accuracy: 0.01)
        XCTAssertEqual(store.nearest([1, 0, 0], k: 1).map(\.id), [7], "either row counts")
        let cosines = store.cosines([0, 1, 0], passages: [8, 7, 42])
        XCTAssertEqual(Set(cosines.keys), [7, 8])
        XCTAssertEqual(cosines[7] ?? 0, 1, accuracy: 0.01)
        XCTAssertEqual(cosines[8] ?? 0, 0.8, accuracy: 0.01)
    }

    func testWindowsCoverThePassageAndCarryItsTitleAndSection() {
        let text = (1...10).map { "w\($0)" }.joined(separator: " ")
        let windows = VectorWindows(words: 4, stride: 3)
        XCTAssertEqual(windows.inputs(title: "T", section: "S", text: text),
                       ["T — S. w1 w2 w3 w4", "T — S. w4 w5 w6 w7", "T — S. w7 w8 w9 w10"])
        XCTAssertEqual(VectorWindows(words: 4, stride: 2).inputs(title: "", section: "", text: text).last, "w7 w8 w9 w10",
                       "the last window ends with the passage")
        XCTAssertEqual(VectorWindows(words: 20).inputs(title: "T", section: "", text: text), ["T. " + text], "a short passage is one window")
        XCTAssertEqual(VectorWindows.wholePassage.inputs(title: "", section: "S", text: text), ["S. " + text])
        XCTAssertEqual(VectorWindows(words: 5, stride: 9).stride, 5, "windows never leave gaps")
        XCTAssertNotEqual(VectorWindows(words: 96, stride: 64).key, VectorWindows(words: 96, stride: 48).key)
    }

    func hit(_ id: Int64, _ score: Double = 1) -> PassageHit {
        PassageHit(passageID: id, documentPath: "d\(id).txt", range: 0..<1, text: "t", score: score, scoreKind: .bm25)
    }

    /// BM25's best passages take the reserved places in BM25's order (keeping their fused
    /// score), the fused list fills the others, nothing twice, and either list runs out cleanly.
    func testReservedPlacesTakeBM25sBestInOrder() {
        let lexical = [hit(1, 9), hit(2, 8), hit(3, 7), hit(4, 6)]
        let fused = [5, 6, 2, 7, 1, 8].map { id -> PassageHit in
            var fusedHit = hit(Int64(id), Double(10 - id) / 10)
            fusedHit.scoreKind = .fused
            return fusedHit
        }
        let placed = RankFusion.reservingPlaces([2, 4, 6], lexical: lexical, fused: fused, limit: 8)
        XCTAssertEqual(placed.map(\.passageID), [5, 1, 6, 2, 7, 3, 8, 4])
        XCTAssertEqual(placed[1].scoreKind, .fused, "passage 1 is in the fused list: its fused hit")
        XCTAssertEqual(placed[1].score, 0.9, accuracy: 1e-12)
        XCTAssertEqual(placed[5].scoreKind, .bm25, "passage 3 is only BM25's")
        XCTAssertEqual(RankFusion.reservingPlaces([], lexical: lexical, fused: fused, limit: 3).map(\.passageID), [5, 6, 2])
        XCTAssertEqual(RankFusion.reservingPlaces([1, 2], lexical: lexical, fused: fused, limit: 4).map(\.passageID), [1, 2, 5, 6])
        XCTAssertEqual(RankFusion.reservingPlaces([1], lexical: [], fused: fused, limit: 2).map(\.passageID), [5, 6])
        let short = RankFusion.reservingPlaces([1, 2, 3], lexical: [hit(9)], fused: [hit(5)], limit: 5)
        XCTAssertEqual(short.map(\.passageID), [9, 5], "both lists exhausted: no more places")
    }

    /// Within a scope of one document's size the default has its own fusion (BM25's three best
    /// first, then dense weight 2 and each passage's best sentence at weight 2); a larger scope
    /// or the whole folder keeps the folder's fusion, which has no sentence score.
    func testSmallScopesUseTheirOwnFusion() {
        let folder = HybridSettings.default
        XCTAssertEqual(folder.sentenceWeight, 0)
        XCTAssertEqual(folder.within(passages: nil), folder)
        XCTAssertEqual(folder.within(passages: 101), folder)
        let document = folder.within(passages: 40)
        XCTAssertEqual(document.denseWeight, 2)
        XCTAssertEqual(document.lexicalPlaces, [1, 2, 3])
        XCTAssertEqual(document.sentenceWeight, 2)
        XCTAssertEqual(document.expansion, folder.expansion)
        XCTAssertEqual(document.smallScopePassages, 0)
        XCTAssertEqual(folder.within(passages: 100).lexicalPlaces, [1, 2, 3])
        XCTAssertTrue(folder.summary.contains("within a document, dense weight 2, each passage's best sentence at weight 2 and BM25's best at 1, 2, 3"), folder.summary)
        var everywhere = folder
        everywhere.smallScopePassages = 0
        XCTAssertEqual(everywhere.within(passages: 5), everywhere, "a fusion named on the command line applies within a document too")
    }

    func testConvexFusionNormalisesBothScoresAndWeighsThem() {
        // BM25 10, 6, 2 → 1, 0.5, 0; cosines of 1, 2, 3, 4: 0.2, 0.4, 0.6, 0.8 → 0, 1/3, 2/3, 1.
        let lexical = [hit(1, 10), hit(2, 6), hit(3, 2)]
        var dense = [hit(4, 0.8), hit(3, 0.6)]
        for i in dense.indices { dense[i].scoreKind = .cosine }
        let cosines: [Int64: Float] = [1: 0.2, 2: 0.4]
        let even = RankFusion.convex(lexical: lexical, dense: dense, cosines: cosines, denseWeight: 1, limit: 10)
        // 1: (1 + 0) / 2 = 0.5; 2: (0.5 + 1/3) / 2; 3: (0 + 2/3) / 2; 4: (0 + 1) / 2 = 0.5 (tie: lexical first).
        XCTAssertEqual(even.map(\.passageID), [1, 4, 2, 3])
        XCTAssertEqual(even[2].score, (0.5 + 1.0 / 3) / 2, accuracy: 1e-6)
        XCTAssertTrue(even.allSatisfy { $0.scoreKind == .fused })
        // Dense weighted 3 : 1 puts the dense list's best first; weight 0 is BM25's order.
        XCTAssertEqual(RankFusion.convex(lexical: lexical, dense: dense, cosines: cosines, denseWeight: 3, limit: 1).map(\.passageID), [4])
        XCTAssertEqual(RankFusion.convex(lexical: lexical, dense: dense, cosines: cosines, denseWeight: 0, limit: 3).map(\.passageID), [1, 2, 3])
        XCTAssertEqual(RankFusion.convex(lexical: [], dense: dense, cosines: [:], denseWeight: 1, limit: 5).map(\.passageID), [4, 3])
    }

    func testReciprocalRankFusionRewardsAgreementAndSaysWhatItsScoresAre() {
        let lexical = [hit(1), hit(2), hit(3)]
        let dense = [hit(3), hit(4), hit(1)]
        let fused = RankFusion.reciprocalRank([lexical, dense], k: 60, limit: 10)
        // 1: 1/61 + 1/63; 3: 1/63 + 1/61 (tie, lexical order first); 2: 1/62; 4: 1/62.
        XCTAssertEqual(fused.map(\.passageID), [1, 3, 2, 4])
        XCTAssertEqual(fused[0].score, 1.0 / 61 + 1.0 / 63, accuracy: 1e-12)
        XCTAssertTrue(fused.allSatisfy { $0.scoreKind == .reciprocalRank })
        XCTAssertEqual(RankFusion.reciprocalRank([lexical, dense], limit: 2).map(\.passageID), [1, 3])
        XCTAssertEqual(RankFusion.reciprocalRank([[], dense], limit: 5).map(\.passageID), [3, 4, 1])
    }
}
