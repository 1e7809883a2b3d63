import CAlbertKernels
import CBLAS
import Foundation

/// HF's AlbertAttention: multi-head self-attention, output projection, residual and LayerNorm.
/// query, key and value are stacked into one [3H × H] projection so one GEMM computes them.
public struct AlbertAttention: Sendable {
    public let queryKeyValue: Linear
    public let dense: Linear
    public let layerNorm: LayerNorm
    let numHeads: Int
    /// The precision of the attention products on the AVX-512 kernels (bf16 when the Linears
    /// run in bf16 or int8), or nil for BLAS sgemm.
    let productPrecision: Precision?

    init(_ weights: ModelWeights, _ prefix: String, config c: AlbertConfig, precision: Precision) throws {
        let h = c.hiddenSize
        let file = weights.file
        queryKeyValue = Linear(stacking: [
            try Linear(file, weights.base("\(prefix).query"), in: h, out: h, precision: nil),
            try Linear(file, weights.base("\(prefix).key"), in: h, out: h, precision: nil),
            try Linear(file, weights.base("\(prefix).value"), in: h, out: h, precision: nil),
        ], precision: precision)
        dense = try Linear(file, weights.base("\(prefix).dense"), in: h, out: h, precision: precision)
        layerNorm = try LayerNorm(file, weights.base("\(prefix).LayerNorm"), size: h, eps: c.layerNormEps)
        numHeads = c.numAttentionHeads
        let headSize = c.hiddenSize / c.numAttentionHeads
        let wanted: Precision = precision == .fp32 ? .fp32 : .bf16
        productPrecision = [wanted, .fp32].first { albert_attention_supported($0.kernel, Int32(headSize)) != 0 }
    }

    /// Self-attention over `workspace.hidden` into `workspace.context` (before `dense`):
    /// the QKV projection split by rows, then the heads split across the workspace's threads,
    /// on the AVX-512 attention kernels where the CPU has them, else BLAS.
    func selfAttention(length l: Int, workspace w: AlbertWorkspace) {
        let h = dense.outFeatures
        let d = h / numHeads
        let n = Int32(l)
        w.parallelRows(l) { rows, worker in
            queryKeyValue.apply(w.hidden + rows.lowerBound * h, rows: rows.count,
                                into: w.queryKeyValue + rows.lowerBound * 3 * h, scratch: w.scratch(worker))
        }
        if let productPrecision {
            return w.parallel { worker, workers in
                albert_attention_heads(productPrecision.kernel, w.queryKeyValue, n, Int32(h), Int32(d), Int32(worker), Int32(workers),
                                       w.additiveMask, w.context, w.scores + worker * l * l, w.scratch(worker))
            }
        }
        let scale = 1 / Float(d).squareRoot()
        w.parallel { worker, workers in
            let scores = w.scores + worker * l * l
            for head in stride(from: worker, to: numHeads, by: workers) {
                let query = w.queryKeyValue + head * d
                let key = query + h
                let value = query + 2 * h
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d),
                            1, query, Int32(3 * h), key, Int32(3 * h), 0, scores, n)
                albert_scaled_masked_softmax(scores, n, n, n, scale, w.additiveMask)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n,
                            1, scores, n, value, Int32(3 * h), 0, w.context + head * d, Int32(h))
            }
        }
    }

    /// Rows `rows` of attentionOutput = LayerNorm(hidden + dense(context)).
    func output(rows: Range<Int>, worker: Int, workspace w: AlbertWorkspace) {
        let h = dense.outFeatures
        let offset = rows.lowerBound * h
        dense.multiply(w.context + offset, rows: rows.count, into: w.attentionOutput + offset, scratch: w.scratch(worker))
        layerNorm.apply(w.attentionOutput + offset, bias: dense.bias.pointer, residual: w.hidden + offset,
                        rows: rows.count, into: w.attentionOutput + offset)
    }
}

/// HF's AlbertLayer: attention, then the feed-forward block (ffn → activation → ffn_output)
/// with a residual connection and `full_layer_layer_norm`.
public struct AlbertLayer: Sendable {
    public let attention: AlbertAttention
    public let ffn: Linear
    public let ffnOutput: Linear
    public let fullLayerLayerNorm: LayerNorm
    public let activation: Activation

    init(_ weights: ModelWeights, _ prefix: String, config c: AlbertConfig, precision: Precision) throws {
        let file = weights.file
        attention = try AlbertAttention(weights, "\(prefix).attention", config: c, precision: precision)
        ffn = try Linear(file, weights.base("\(prefix).ffn"), in: c.hiddenSize, out: c.intermediateSize, precision: precision)
        ffnOutput = try Linear(file, weights.base("\(prefix).ffn_output"), in: c.intermediateSize, out: c.hiddenSize, precision: precision)
        fullLayerLayerNorm = try LayerNorm(file, weights.base("\(prefix).full_layer_layer_norm"), size: c.hiddenSize, eps: c.layerNormEps)
        activation = c.hiddenAct
    }

    /// Transforms `workspace.hidden` in place. Everything after attention is row by row, so
    /// it runs as one parallel pass over blocks of rows.
    func forward(length l: Int, workspace w: AlbertWorkspace) {
        attention.selfAttention(length: l, workspace: w)
        let h = ffnOutput.outFeatures
        let inner = ffn.outFeatures
        w.parallelRows(l) { rows, worker in
            attention.output(rows: rows, worker: worker, workspace: w)
            let hidden = w.hidden + rows.lowerBound * h
            let attended = w.attentionOutput + rows.lowerBound * h
            let intermediate = w.intermediate + rows.lowerBound * inner
            ffn.multiply(attended, rows: rows.count, into: intermediate, scratch: w.scratch(worker))
            albert_bias_activation(intermediate, ffn.bias.pointer, Int32(rows.count), Int32(inner), activation.kernel)
            ffnOutput.multiply(intermediate, rows: rows.count, into: hidden, scratch: w.scratch(worker))
            fullLayerLayerNorm.apply(hidden, bias: ffnOutput.bias.pointer, residual: attended, rows: rows.count, into: hidden)
        }
    }
}
