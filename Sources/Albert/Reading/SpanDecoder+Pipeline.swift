import Foundation

extension SpanDecoder {
    /// The score the Hugging Face `question-answering` pipeline gives a span of one window:
    /// p_start(start) · p_end(end), each a softmax over the window's context tokens and
    /// position 0 (the pipeline leaves [CLS]/`<s>` in the softmax, then never picks it; every
    /// other token is masked to −10000, i.e. adds nothing). `start` and `end` are positions in
    /// the feature. In Double, as the pipeline computes it in numpy.
    public static func pipelineScore(logits: SpanLogits, feature: QAFeature, start: Int, end: Int) -> Double {
        let positions = [0] + Array(feature.contextOffset..<feature.contextOffset + feature.window.count)
        func probability(_ values: [Float], at position: Int) -> Double {
            let largest = positions.map { Double(values[$0]) }.max()!
            let total = positions.reduce(0.0) { $0 + exp(Double(values[$1]) - largest) }
            return exp(Double(values[position]) - largest) / total
        }
        return probability(logits.start, at: start) * probability(logits.end, at: end)
    }
}
