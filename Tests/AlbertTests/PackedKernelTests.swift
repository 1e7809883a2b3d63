import Albert
import CAlbertKernels
import Foundation
import XCTest

/// Every kernel table this CPU runs (the reference always) against a float64 reference on
/// random matrices. Every output element must be within the error its precision's rounding
/// allows — a bound derived from the quantisation step, not a tolerance picked to pass:
/// - fp32: float accumulation, |Δ| ≤ 2⁻²⁰ · Σ|x w| (k ≤ 1536 terms, unit roundoff 2⁻²⁴).
/// - bf16: each operand rounded to 8 significant bits (relative error ≤ 2⁻⁸), products exact
///   in float, so |Δ| ≤ (2·2⁻⁸ + 2⁻¹⁶) · Σ|x w| plus the float accumulation term.
/// - int8: weights q·s_w with |w − q s_w| ≤ s_w/2, activations s_x (q − z) with
///   |x − x̂| ≤ s_x/2 (s_x = range / levels, levels 255 or the table's 127), so
///   |Δ| ≤ s_w/2 · Σ|x| + s_x/2 · Σ|w| + k · s_x s_w / 4.
/// The SIMD tables are also compared with the reference kernels on the same packed matrices,
/// much more tightly, by the C test (Tests/KernelsC, Scripts/test-kernels.sh).
final class PackedKernelTests: XCTestCase {
    /// (rows, out, in): the model's Linear shapes (few rows: the float64 reference runs in a
    /// debug build), and ragged ones that exercise partial tiles (rows not a multiple of 4 or
    /// 6), partial panels (out not a multiple of 16 or 64) and padded k (in not a multiple of 4).
    let shapes: [(Int, Int, Int)] = [(12, 1152, 384), (7, 384, 1536), (13, 70, 37), (1, 2, 384), (7, 130, 6)]

    func testFP32MatchesTheReference() throws { try checkLinear(.fp32) }
    func testBF16IsWithinItsRoundingBound() throws { try checkLinear(.bf16) }
    func testInt8IsWithinItsQuantisationBound() throws { try checkLinear(.int8) }

    /// x86_avxvnni/gemm.c is one kernel built for both encodings of vpdpbusd on ymm: VEX where
    /// the CPU has AVX-VNNI (Alder Lake+), else EVEX (AVX-512 VNNI + VL). The int8 tests above
    /// check whichever this CPU runs; this says which one that is and skips, with the reason,
    /// for the one it cannot run.
    func testTheAVXVNNITableRunsAnEncodingThisCPUHas() throws {
        guard let kernels = KernelTable(named: "avxvnni") else { throw XCTSkip("no x86-64 tables in this build") }
        guard kernels.isAvailable else {
            throw XCTSkip("this CPU has neither AVX-VNNI nor AVX-512 VNNI + VL: the avxvnni table is not run here")
        }
        XCTAssertTrue(kernels.supports(.int8))
        XCTAssertTrue(KernelTable.available.contains(kernels))
        let features = albert_cpu_features()
        if features & UInt32(ALBERT_CPU_AVX_VNNI) == 0 {
            let evex = UInt32(ALBERT_CPU_AVX512VNNI) | UInt32(ALBERT_CPU_AVX512VL)
            XCTAssertEqual(features & evex, evex, "without AVX-VNNI the table runs only on AVX-512 VNNI + VL")
            throw XCTSkip("avxvnni int8 ran its EVEX encoding here; the VEX (AVX-VNNI) build is not run: this CPU lacks AVX-VNNI")
        }
    }

    func testTheReferenceRunsEveryPrecisionOnEveryCPU() throws {
        let reference = try XCTUnwrap(KernelTable(named: "reference"))
        XCTAssertTrue(reference.isAvailable)
        for precision in Precision.allCases { XCTAssertTrue(reference.supports(precision), "\(precision)") }
        XCTAssertTrue(KernelTable.available.contains(KernelTable.automatic))
    }

    /// Every table this CPU runs, the kernels named in the C header and in `KernelTable`.
    var tables: [KernelTable] { KernelTable.available }

    private func checkLinear(_ precision: Precision) throws {
        let kernelsList = tables.filter { $0.supports(precision) }
        XCTAssertTrue(kernelsList.contains { $0.name == "reference" }, "the reference, at least, runs \(precision)")
        var random = SeededRandom(seed: 7 + UInt64(Precision.allCases.firstIndex(of: precision)!))
        var worstRatio = [KernelTable: Double]()
        for (rows, n, k) in shapes {
            // Activations like a LayerNorm output with a few outliers; weights like a trained layer's.
            let x = (0..<rows * k).map { i in Float(random.normal()) * (i % 97 == 0 ? 8 : 1) }
            let w = (0..<n * k).map { _ in Float(random.normal() * 0.05) }
            let bias = (0..<n).map { _ in Float(random.normal()) }
            // The float64 product and the sums the bounds need, once for every table.
            var exact = [Double](repeating: 0, count: rows * n), absProducts = exact
            var weightAbsSum = [Double](repeating: 0, count: n), weightMax = weightAbsSum
            for c in 0..<n {
                for i in 0..<k {
                    weightAbsSum[c] += Double(abs(w[c * k + i]))
                    weightMax[c] = max(weightMax[c], Double(abs(w[c * k + i])))
                }
            }
            for r in 0..<rows {
                for c in 0..<n {
                    var sum = Double(bias[c]), magnitude = 0.0
                    for i in 0..<k {
                        let product = Double(x[r * k + i]) * Double(w[c * k + i])
                        sum += product
                        magnitude += abs(product)
                    }
                    exact[r * n + c] = sum
                    absProducts[r * n + c] = magnitude
                }
            }
            for kernels in kernelsList {
                let table = albert_kernel_table_get(id(kernels))!
                let levels = Double(table.pointee.int8_activation_max)
                let matrix = try XCTUnwrap(albert_pack(table, kernel(precision), w, Int32(n), Int32(k)))
                defer { albert_packed_free(matrix) }
                XCTAssertEqual(Int(matrix.pointee.panel), kernels.panelWidth, "the matrix records its table's layout")
                let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(64, albert_linear_scratch_bytes(kernel(precision), Int32(k), Int32(rows))), alignment: 64)
                defer { scratch.deallocate() }
                var y = [Float](repeating: .nan, count: rows * n + 1)  // one guard element past the end
                albert_linear(matrix, x, Int32(k), Int32(rows), bias, &y, Int32(n), scratch)
                XCTAssertTrue(y[rows * n].isNaN, "\(kernels) wrote past the output")
                for r in 0..<rows {
                    let row = x[(r * k)..<((r + 1) * k)]
                    let rowScale = Double(max(row.max()!, 0) - min(row.min()!, 0)) / levels
                    let rowAbsSum = row.reduce(0.0) { $0 + Double(abs($1)) }
                    for c in 0..<n {
                        let magnitude = absProducts[r * n + c]
                        let accumulation = pow(2.0, -20) * magnitude + 1e-6
                        let bound: Double
                        switch precision {
                        case .bf16: bound = (2 * pow(2.0, -8) + pow(2.0, -16)) * magnitude + accumulation
                        case .int8:
                            let weightScale = weightMax[c] / Double(table.pointee.int8_weight_max)
                            bound = weightScale / 2 * rowAbsSum + rowScale / 2 * weightAbsSum[c] + Double(k) * rowScale * weightScale / 4
                                + accumulation + 1e-5 * magnitude  // float epilogue and the scales' own rounding
                        case .fp32: bound = accumulation
                        }
                        let error = abs(Double(y[r * n + c]) - exact[r * n + c])
                        XCTAssertLessThanOrEqual(error, bound, "\(kernels) \(precision) \(rows)x\(n)x\(k) at (\(r), \(c))")
                        if error > bound { return }
                        worstRatio[kernels] = max(worstRatio[kernels] ?? 0, error / bound)
                    }
                }
            }
        }
        // The bound is not so loose that anything passes: the worst element uses a real share
        // of it (a kernel that dropped the zero point or a scale would be far outside it).
        for (kernels, ratio) in worstRatio {
            print("\(kernels) \(precision): worst error / bound = \(ratio)")
            if precision != .fp32 { XCTAssertGreaterThan(ratio, 0.1, "\(kernels) \(precision): the bound is vacuous") }
        }
    }

    func testRowQuantisationKeepsZeroExactAndErrorsWithinHalfAStep() throws {
        var random = SeededRandom(seed: 3)
        let rows: [[Float]] = [
            (0..<37).map { _ in Float(random.normal()) },
            (0..<64).map { _ in Float(abs(random.normal())) + 0.5 },  // all positive: range widened to 0
            (0..<20).map { _ in -Float(abs(random.normal())) },       // all negative
            [Float](repeating: 0, count: 16),                           // all zero
            [0, 1e-30, -3, 250, 0, 7.5],
            (0..<100).map { _ in Float(random.normal()) * 3 },
        ]
        for kernels in tables {
            let table = albert_kernel_table_get(id(kernels))!
            for levels: Int32 in [255, 127] {
                for x in rows {
                    let padded = (x.count + 3) / 4 * 4
                    var q = [UInt8](repeating: 0, count: padded)
                    var scale: Float = 0
                    var zeroPoint: Int32 = 0
                    table.pointee.quantize_row(x, Int32(x.count), Int32(padded), levels, &q, &scale, &zeroPoint)
                    XCTAssertGreaterThan(scale, 0)
                    XCTAssert((0...levels).contains(zeroPoint))
                    for (value, code) in zip(x, q) {
                        XCTAssertLessThanOrEqual(Int32(code), levels)
                        let restored = scale * Float(Int32(code) - zeroPoint)
                        XCTAssertLessThanOrEqual(abs(restored - value), scale / 2 * 1.0001, "\(kernels) \(value) → \(code)")
                        if value == 0 { XCTAssertEqual(Int32(code), zeroPoint, "zero must be exact") }
                    }
                    XCTAssertEqual(q[x.count...].map { Int32($0) }, [Int32](repeating: zeroPoint, count: padded - x.count), "padding is the zero point")
                }
            }
        }
    }

    func testAttentionMatchesTheReference() throws {
        for kernels in tables {
            for precision in [Precision.fp32, .bf16] {
                for (length, heads, d) in [(50, 3, 32), (130, 2, 32), (7, 1, 32), (21, 2, 24)] {
                    try checkAttention(kernels, precision, length: length, heads: heads, headSize: d)
                }
            }
        }
    }

    /// Bound per output: scores move by at most δ = scale · (2·2⁻⁸ + 2⁻¹⁶) · Σ|q k| (bf16 Q, K),
    /// which moves each probability by a factor within e^{±2δ}; probabilities and V then
    /// round once more each (2⁻⁸). So |Δo| ≤ Σ_j p_j |v_j| · (e^{2δ} (1 + 2⁻⁸)² − 1).
    /// Tables that multiply attention in fp32 for every precision must meet the fp32 bound.
    private func checkAttention(_ kernels: KernelTable, _ precision: Precision, length: Int, heads: Int, headSize d: Int) throws {
        let table = albert_kernel_table_get(id(kernels))!
        let bf16 = precision == .bf16 && table.pointee.attention_in_bf16 != 0
        var random = SeededRandom(seed: UInt64(length * 31 + heads))
        let hidden = heads * d
        let qkv = (0..<length * 3 * hidden).map { _ in Float(random.normal()) }
        // The last few keys are padding, as in a batch of unequal windows.
        let masked = length > 10 ? 3 : 0
        let mask = (0..<length).map { $0 >= length - masked ? -Float.greatestFiniteMagnitude : 0 }
        var context = [Float](repeating: .nan, count: length * hidden)
        var scores = [Float](repeating: 0, count: length * length)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: albert_attention_scratch_bytes(kernel(precision), Int32(length), Int32(d)), alignment: 64)
        defer { scratch.deallocate() }
        // Heads split over two "threads", as the model does.
        for worker: Int32 in 0..<2 {
            table.pointee.attention(kernel(precision), qkv, Int32(length), Int32(hidden), Int32(d), worker, 2, mask, &context, &scores, scratch)
        }

        let scale = 1 / Double(d).squareRoot()
        let rounding: Double = bf16 ? 2 * pow(2.0, -8) + pow(2.0, -16) : 0
        var worstRatio = 0.0
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
                let factor = bf16 ? exp(2 * delta) * pow(1 + pow(2.0, -8), 2) - 1 : 0.0
                for c in 0..<d {
                    var exact = 0.0, magnitude = 0.0
                    for j in 0..<length {
                        let v = Double(qkv[j * 3 * hidden + 2 * hidden + h * d + c])
                        exact += weights[j] / total * v
                        magnitude += weights[j] / total * abs(v)
                    }
                    let bound = factor * magnitude + 1e-5 * magnitude + 1e-6
                    let error = abs(Double(context[i * hidden + h * d + c]) - exact)
                    XCTAssertLessThanOrEqual(error, bound, "\(kernels) \(precision), length \(length), head \(h), row \(i), column \(c)")
                    if error > bound { return }
                    worstRatio = max(worstRatio, error / bound)
                }
            }
        }
        if bf16 { XCTAssertGreaterThan(worstRatio, 0.01, "\(kernels) bf16 attention: the bound is vacuous") }
    }

    func testElementWisePassesMatchTheReference() throws {
        var random = SeededRandom(seed: 11)
        let rows = 5, cols = 389
        let x = (0..<rows * cols).map { _ in Float(random.normal() * 3) }
        let residual = (0..<rows * cols).map { _ in Float(random.normal()) }
        let bias = (0..<cols).map { _ in Float(random.normal()) }
        let gamma = (0..<cols).map { _ in 1 + Float(random.normal()) * 0.1 }
        let beta = (0..<cols).map { _ in Float(random.normal()) }
        // LayerNorm in float64, and exact GELU.
        var normalised = [Double](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            let v = (0..<cols).map { Double(x[r * cols + $0]) + Double(bias[$0]) + Double(residual[r * cols + $0]) }
            let mean = v.reduce(0, +) / Double(cols)
            let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(cols)
            for c in 0..<cols { normalised[r * cols + c] = (v[c] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[c]) + Double(beta[c]) }
        }
        for kernels in tables {
            let table = albert_kernel_table_get(id(kernels))!
            var out = [Float](repeating: 0, count: rows * cols)
            table.pointee.layer_norm(&out, x, bias, residual, gamma, beta, Int32(rows), Int32(cols), 1e-12)
            for i in out.indices { XCTAssertEqual(Double(out[i]), normalised[i], accuracy: 1e-5 * (1 + abs(normalised[i])), "\(kernels) LayerNorm \(i)") }
            var activated = x
            table.pointee.bias_activation(&activated, bias, Int32(rows), Int32(cols), ALBERT_ACT_GELU)
            for i in activated.indices {
                let v = Double(x[i]) + Double(bias[i % cols])
                XCTAssertEqual(Double(activated[i]), 0.5 * v * (1 + erf(v / 2.0.squareRoot())), accuracy: 1e-6 * (1 + abs(v)), "\(kernels) GELU \(i)")
            }
            var probabilities = x
            let mask = (0..<cols).map { $0 % 5 == 4 ? -Float.greatestFiniteMagnitude : 0 }
            table.pointee.softmax(&probabilities, Int32(rows), Int32(cols), Int32(cols), 0.5, mask, nil)
            for r in 0..<rows {
                let logits = (0..<cols).map { mask[$0] < 0 ? -Double.infinity : 0.5 * Double(x[r * cols + $0]) }
                let top = logits.max()!, total = logits.reduce(0) { $0 + exp($1 - top) }
                for c in 0..<cols {
                    XCTAssertEqual(Double(probabilities[r * cols + c]), exp(logits[c] - top) / total, accuracy: 1e-6, "\(kernels) softmax \(r), \(c)")
                }
            }
        }
    }

    /// The names, the order and the automatic choice come from the C dispatch: every declared
    /// table is named (neon too on x86-64, for completions), the compiled ones in that order.
    func testTheTablesAreTheDispatchDeclaredOnes() throws {
        XCTAssertEqual(Set(KernelTable.allNames), ["avx512", "avxvnni", "avx2", "neon", "reference"])
        XCTAssertEqual(KernelTable.allNames.count, Int(ALBERT_KERNELS_COUNT))
        XCTAssertEqual(KernelTable.allNames.last, "reference")
        XCTAssertEqual(KernelTable.compiled.map(\.name), KernelTable.allNames.filter { KernelTable(named: $0) != nil })
        XCTAssertEqual(KernelTable.automatic, KernelTable.available.first)
        XCTAssertNil(KernelTable(named: "sse9"))
        #if arch(x86_64)
        XCTAssertNil(KernelTable(named: "neon"))
        XCTAssertEqual(KernelTable(named: "avx2")?.name, "avx2")
        #endif
    }

    func testNamingKernelsThisCPULacksIsAOneLineError() throws {
        XCTAssertThrowsError(try KernelTable.named("sse9")) { error in
            XCTAssertTrue("\(error)".contains("unknown kernels 'sse9'"), "\(error)")
        }
        for name in KernelTable.allNames where !KernelTable.available.map(\.name).contains(name) {
            XCTAssertThrowsError(try KernelTable.named(name)) { error in
                XCTAssertFalse("\(error)".contains("\n"))
                XCTAssertTrue("\(error)".contains("reference"), "names what does run: \(error)")
            }
        }
        for kernels in tables { XCTAssertEqual(try KernelTable.named(kernels.name), kernels) }
        XCTAssertEqual(try KernelTable.named("auto"), KernelTable.automatic)
    }

    private func id(_ kernels: KernelTable) -> albert_kernel_id { albert_kernel_table_named(kernels.name)!.pointee.id }

    private func kernel(_ precision: Precision) -> albert_precision {
        switch precision {
        case .fp32: ALBERT_PRECISION_FP32
        case .bf16: ALBERT_PRECISION_BF16
        case .int8: ALBERT_PRECISION_INT8
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
