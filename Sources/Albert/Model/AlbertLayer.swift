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

    init(_ file: SafeTensorsFile, _ prefix: String, config c: AlbertConfig) throws {
        let h = c.hiddenSize
        queryKeyValue = Linear(stacking: [
            try Linear(file, "\(prefix).query", in: h, out: h),
            try Linear(file, "\(prefix).key", in: h, out: h),
            try Linear(file, "\(prefix).value", in: h, out: h),
        ])
        dense = try Linear(file, "\(prefix).dense", in: h, out: h)
        layerNorm = try LayerNorm(file, "\(prefix).LayerNorm", size: h, eps: c.layerNormEps)
        numHeads = c.numAttentionHeads
    }

    /// workspace.attentionOutput = LayerNorm(hidden + dense(attention(hidden))).
    func forward(length l: Int, workspace w: AlbertWorkspace) {
        let h = dense.outFeatures
        let d = h / numHeads
        let n = Int32(l)
        queryKeyValue.apply(w.hidden, rows: l, into: w.queryKeyValue)
        let scale = 1 / Float(d).squareRoot()
        for head in 0..<numHeads {
            let query = w.queryKeyValue + head * d
            let key = query + h
            let value = query + 2 * h
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d),
                        1, query, Int32(3 * h), key, Int32(3 * h), 0, w.scores, n)
            albert_scaled_masked_softmax(w.scores, n, n, n, scale, w.additiveMask)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n,
                        1, w.scores, n, value, Int32(3 * h), 0, w.context + head * d, Int32(h))
        }
        dense.multiply(w.context, rows: l, into: w.attentionOutput)
        layerNorm.apply(w.attentionOutput, bias: dense.bias.pointer, residual: w.hidden, rows: l, into: w.attentionOutput)
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

    init(_ file: SafeTensorsFile, _ prefix: String, config c: AlbertConfig) throws {
        attention = try AlbertAttention(file, "\(prefix).attention", config: c)
        ffn = try Linear(file, "\(prefix).ffn", in: c.hiddenSize, out: c.intermediateSize)
        ffnOutput = try Linear(file, "\(prefix).ffn_output", in: c.intermediateSize, out: c.hiddenSize)
        fullLayerLayerNorm = try LayerNorm(file, "\(prefix).full_layer_layer_norm", size: c.hiddenSize, eps: c.layerNormEps)
        activation = c.hiddenAct
    }

    /// Transforms `workspace.hidden` in place.
    func forward(length l: Int, workspace w: AlbertWorkspace) {
        attention.forward(length: l, workspace: w)
        ffn.multiply(w.attentionOutput, rows: l, into: w.intermediate)
        albert_bias_activation(w.intermediate, ffn.bias.pointer, Int32(l), Int32(ffn.outFeatures), activation.kernel)
        ffnOutput.multiply(w.intermediate, rows: l, into: w.hidden)
        fullLayerLayerNorm.apply(w.hidden, bias: ffnOutput.bias.pointer, residual: w.attentionOutput, rows: l, into: w.hidden)
    }
}
