import CAlbertKernels
import Foundation

/// HF's AlbertAttention: multi-head self-attention, output projection, residual and LayerNorm.
/// query, key and value are stacked into one [3H × H] projection so one product computes them.
public struct AlbertAttention: Sendable {
    public let queryKeyValue: Linear
    public let dense: Linear
    public let layerNorm: LayerNorm
    let numHeads: Int
    /// The arithmetic of the attention products: bf16 for bf16 and int8 models where the
    /// kernels multiply attention in bf16 (AVX-512, the reference), else fp32.
    let productPrecision: Precision
    let kernels: KernelTable

    init(_ weights: ModelWeights, _ prefix: String, config c: AlbertConfig, precision: Precision, kernels: KernelTable) throws {
        let h = c.hiddenSize
        let file = weights.tensors
        queryKeyValue = try Linear(file, stacking: ["query", "key", "value"].map { weights.base("\(prefix).\($0)") }, in: h, out: h,
                                   precision: precision, kernels: kernels)
        dense = try Linear(file, weights.base("\(prefix).dense"), in: h, out: h, precision: precision, kernels: kernels)
        layerNorm = try LayerNorm(file, weights.base("\(prefix).LayerNorm"), size: h, eps: c.layerNormEps, kernels: kernels)
        numHeads = c.numAttentionHeads
        productPrecision = dense.precision != .fp32 && kernels.table.pointee.attention_in_bf16 != 0 ? .bf16 : .fp32
        self.kernels = kernels
    }

    /// Self-attention over `workspace.hidden` into `workspace.context` (before `dense`):
    /// the QKV projection split by rows, then the heads split across the workspace's threads.
    func selfAttention(length l: Int, workspace w: AlbertWorkspace) {
        let h = dense.outFeatures
        let d = h / numHeads
        w.parallelRows(l) { rows, worker in
            queryKeyValue.apply(w.hidden + rows.lowerBound * h, rows: rows.count,
                                into: w.queryKeyValue + rows.lowerBound * 3 * h, scratch: w.scratch(worker))
        }
        let attention = kernels.table.pointee.attention!
        let precision = productPrecision.kernel
        w.parallel { worker, workers in
            attention(precision, w.queryKeyValue, Int32(l), Int32(h), Int32(d), Int32(worker), Int32(workers),
                      w.additiveMask, w.context, w.scores + worker * l * l, w.scratch(worker))
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
    let kernels: KernelTable

    init(_ weights: ModelWeights, _ prefix: String, config c: AlbertConfig, precision: Precision, kernels: KernelTable) throws {
        let file = weights.tensors
        attention = try AlbertAttention(weights, "\(prefix).attention", config: c, precision: precision, kernels: kernels)
        ffn = try Linear(file, weights.base("\(prefix).ffn"), in: c.hiddenSize, out: c.intermediateSize, precision: precision, kernels: kernels)
        ffnOutput = try Linear(file, weights.base("\(prefix).ffn_output"), in: c.intermediateSize, out: c.hiddenSize, precision: precision, kernels: kernels)
        fullLayerLayerNorm = try LayerNorm(file, weights.base("\(prefix).full_layer_layer_norm"), size: c.hiddenSize, eps: c.layerNormEps, kernels: kernels)
        activation = c.hiddenAct
        self.kernels = kernels
    }

    /// Transforms `workspace.hidden` in place. Everything after attention is row by row, so
    /// it runs as one parallel pass over blocks of rows.
    func forward(length l: Int, workspace w: AlbertWorkspace) {
        attention.selfAttention(length: l, workspace: w)
        let h = ffnOutput.outFeatures
        let inner = ffn.outFeatures
        let biasActivation = kernels.table.pointee.bias_activation!
        w.parallelRows(l) { rows, worker in
            attention.output(rows: rows, worker: worker, workspace: w)
            let hidden = w.hidden + rows.lowerBound * h
            let attended = w.attentionOutput + rows.lowerBound * h
            let intermediate = w.intermediate + rows.lowerBound * inner
            ffn.multiply(attended, rows: rows.count, into: intermediate, scratch: w.scratch(worker))
            biasActivation(intermediate, ffn.bias.pointer, Int32(rows.count), Int32(inner), activation.kernel)
            ffnOutput.multiply(intermediate, rows: rows.count, into: hidden, scratch: w.scratch(worker))
            fullLayerLayerNorm.apply(hidden, bias: ffnOutput.bias.pointer, residual: attended, rows: rows.count, into: hidden)
        }
    }
}
