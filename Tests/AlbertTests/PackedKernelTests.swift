import CAlbertKernels
import Foundation
import XCTest

/// The packed AVX-512 kernels against a float64 reference on random matrices. Every output
/// element must be within the error its precision's rounding allows — a bound derived from
/// the quantisation step, not a tolerance picked to pass:
/// - fp32: float accumulation, |Δ| ≤ 2⁻²⁰ · Σ|x w| (k ≤ 1536 terms, unit roundoff 2⁻²⁴).
/// - bf16: each operand rounded to 8 significant bits (relative error ≤ 2⁻⁸), products exact
///   in float, so |Δ| ≤ (2·2⁻⁸ + 2⁻¹⁶) · Σ|x w| plus the float accumulation term.
/// - int8: weights q·s_w with |w − q s_w| ≤ s_w/2, activations s_x (q − z) with
///   |x − x̂| ≤ s_x/2, so |Δ| ≤ s_w/2 · Σ|x| + s_x/2 · Σ|w| + k · s_x s_w / 4.
final class PackedKernelTests: XCTestCase {
    /// (rows, out, in): the model's Linear shapes (few rows: the float64 reference runs in a
    /// debug build), and ragged ones that exercise partial tiles (rows not a multiple of 6),
    /// partial panels (out not a multiple of 64) and padded k (in not a multiple of 4).
    let shapes: [(Int, Int, Int)] = [(12, 1152, 384), (7, 384, 1536), (13, 70, 37), (1, 2, 384), (7, 130, 6)]

    func testFP32MatchesTheReference() throws { try checkLinear(ALBERT_PRECISION_FP32) }
    func testBF16IsWithinItsRoundingBound() throws { try checkLinear(ALBERT_PRECISION_BF16) }
    func testInt8IsWithinItsQuantisationBound() throws { try checkLinear(ALBERT_PRECISION_INT8) }

    private func checkLinear(_ precision: albert_precision) throws {
        guard albert_gemm_supported(precision) != 0 else { throw XCTSkip("this CPU lacks the kernels") }
        var random = SeededRandom(seed: 7 + UInt64(precision.rawValue))
        var worstRatio = 0.0
        for (rows, n, k) in shapes {
            // Activations like a LayerNorm output with a few outliers; weights like a trained layer's.
            let x = (0..<rows * k).map { i in Float(random.normal()) * (i % 97 == 0 ? 8 : 1) }
            let w = (0..<n * k).map { _ in Float(random.normal() * 0.05) }
            let bias = (0..<n).map { _ in Float(random.normal()) }
            let matrix = try XCTUnwrap(albert_gemm_pack(precision, w, Int32(n), Int32(k)))
            defer { albert_gemm_free(matrix) }
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(64, albert_gemm_scratch_bytes(precision, Int32(k), Int32(rows))), alignment: 64)
            defer { scratch.deallocate() }
            var y = [Float](repeating: .nan, count: rows * n + 1)  // one guard element past the end
            albert_gemm_linear(matrix, x, Int32(k), Int32(rows), bias, &y, Int32(n), scratch)
            XCTAssertTrue(y[rows * n].isNaN, "wrote past the output")

            for r in 0..<rows {
                let row = x[(r * k)..<((r + 1) * k)]
                let rowScale = Double(max(row.max()!, 0) - min(row.min()!, 0)) / 255
                let rowAbsSum = row.reduce(0.0) { $0 + Double(abs($1)) }
                for c in 0..<n {
                    var exact = Double(bias[c]), absProducts = 0.0, weightAbsSum = 0.0, weightMax = 0.0
                    for i in 0..<k {
                        let product = Double(x[r * k + i]) * Double(w[c * k + i])
                        exact += product
                        absProducts += abs(product)
                        weightAbsSum += Double(abs(w[c * k + i]))
                        weightMax = max(weightMax, Double(abs(w[c * k + i])))
                    }
                    let accumulation = pow(2.0, -20) * absProducts + 1e-6
                    let bound: Double
                    switch precision {
                    case ALBERT_PRECISION_BF16: bound = (2 * pow(2.0, -8) + pow(2.0, -16)) * absProducts + accumulation
                    case ALBERT_PRECISION_INT8:
                        let weightScale = weightMax / 127
                        bound = weightScale / 2 * rowAbsSum + rowScale / 2 * weightAbsSum + Double(k) * rowScale * weightScale / 4
                            + accumulation + 1e-5 * absProducts  // float epilogue and the scales' own rounding
                    default: bound = accumulation
                    }
                    let error = abs(Double(y[r * n + c]) - exact)
                    XCTAssertLessThanOrEqual(error, bound, "\(rows)x\(n)x\(k) at (\(r), \(c))")
                    if error > bound { return }
                    worstRatio = max(worstRatio, error / bound)
                }
            }
        }
        // The bound is not so loose that anything passes: the worst element uses a real share
        // of it (a kernel that dropped the zero point or a scale would be far outside it).
        print("precision \(precision.rawValue): worst error / bound = \(worstRatio)")
        if precision != ALBERT_PRECISION_FP32 { XCTAssertGreaterThan(worstRatio, 0.1, "the bound is vacuous") }
    }

    func testRowQuantisationKeepsZeroExactAndErrorsWithinHalfAStep() throws {
        guard albert_gemm_supported(ALBERT_PRECISION_INT8) != 0 else { throw XCTSkip("this CPU lacks AVX-512 VNNI") }
        var random = SeededRandom(seed: 3)
        let rows: [[Float]] = [
            (0..<37).map { _ in Float(random.normal()) },
            (0..<64).map { _ in Float(abs(random.normal())) + 0.5 },  // all positive: range widened to 0
            (0..<20).map { _ in -Float(abs(random.normal())) },       // all negative
            [Float](repeating: 0, count: 16),                           // all zero
            [0, 1e-30, -3, 250, 0, 7.5],
        ]
        for x in rows {
            var q = [UInt8](repeating: 0, count: x.count)
            var scale: Float = 0
            var zeroPoint: Int32 = 0
            albert_quantize_row_u8(x, Int32(x.count), &q, &scale, &zeroPoint)
            XCTAssertGreaterThan(scale, 0)
            XCTAssert((0...255).contains(zeroPoint))
            for (value, code) in zip(x, q) {
                let restored = scale * Float(Int32(code) - zeroPoint)
                XCTAssertLessThanOrEqual(abs(restored - value), scale / 2 * 1.0001, "\(value) → \(code)")
                if value == 0 { XCTAssertEqual(Int32(code), zeroPoint, "zero must be exact") }
            }
        }
    }

    func testAttentionMatchesTheReference() throws {
        for precision in [ALBERT_PRECISION_FP32, ALBERT_PRECISION_BF16] {
            guard albert_attention_supported(precision, 32) != 0 else { continue }
            for (length, heads) in [(50, 3), (130, 2), (7, 1)] {
                try checkAttention(precision, length: length, heads: heads, headSize: 32)
            }
        }
        guard albert_attention_supported(ALBERT_PRECISION_FP32, 32) != 0 else { throw XCTSkip("this CPU lacks AVX-512") }
    }

    /// Bound per output: scores move by at most δ = scale · (2·2⁻⁸ + 2⁻¹⁶) · Σ|q k| (bf16 Q, K),
    /// which moves each probability by a factor within e^{±2δ}; probabilities and V then
    /// round once more each (2⁻⁸). So |Δo| ≤ Σ_j p_j |v_j| · (e^{2δ} (1 + 2⁻⁸)² − 1).
    private func checkAttention(_ precision: albert_precision, length: Int, heads: Int, headSize d: Int) throws {
        var random = SeededRandom(seed: UInt64(length * 31 + heads))
        let hidden = heads * d
        let qkv = (0..<length * 3 * hidden).map { _ in Float(random.normal()) }
        // The last few keys are padding, as in a batch of unequal windows.
        let masked = length > 10 ? 3 : 0
        let mask = (0..<length).map { $0 >= length - masked ? -Float.greatestFiniteMagnitude : 0 }
        var context = [Float](repeating: .nan, count: length * hidden)
        var scores = [Float](repeating: 0, count: length * length)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: albert_attention_scratch_bytes(precision, Int32(length), Int32(d)), alignment: 64)
        defer { scratch.deallocate() }
        albert_attention_heads(precision, qkv, Int32(length), Int32(hidden), Int32(d), 0, 1, mask, &context, &scores, scratch)

        let scale = 1 / Double(d).squareRoot()
        let rounding: Double = precision == ALBERT_PRECISION_BF16 ? 2 * pow(2.0, -8) + pow(2.0, -16) : 0
        for h in 0..<heads {
            for i in 0..<length {
                var logits = [Double](repeating: 0, count: length)
                var delta = 0.0
                for j in 0..<length {
                    var dot = 0.0, absDot = 0.0
                    for c in 0..<d {
                        let product = Double(qkv[i * 3 * hidden + h * d + c]) * Double(qkv[j * 3 * hidden + hidden + h * d + c])
                        dot += product
                        absDot += abs(product)
                    }
                    logits[j] = j >= length - masked ? -.infinity : dot * scale
                    if j < length - masked { delta = max(delta, scale * rounding * absDot) }
                }
                let top = logits.max()!
                let weights = logits.map { exp($0 - top) }
                let total = weights.reduce(0, +)
                let factor = precision == ALBERT_PRECISION_BF16 ? exp(2 * delta) * pow(1 + pow(2.0, -8), 2) - 1 : 0.0
                for c in 0..<d {
                    var exact = 0.0, magnitude = 0.0
                    for j in 0..<length {
                        let v = Double(qkv[j * 3 * hidden + 2 * hidden + h * d + c])
                        exact += weights[j] / total * v
                        magnitude += weights[j] / total * abs(v)
                    }
                    let bound = factor * magnitude + 1e-5 * magnitude + 1e-6
                    let error = abs(Double(context[i * hidden + h * d + c]) - exact)
                    XCTAssertLessThanOrEqual(error, bound, "precision \(precision.rawValue), length \(length), head \(h), row \(i), column \(c)")
                    if error > bound { return }
                }
            }
        }
    }
}

/// SplitMix64 with Box–Muller normals: the same matrices on every run and machine.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }
}
