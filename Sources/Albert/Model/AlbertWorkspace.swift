/// Preallocated activations for one forward pass, so that reading a window allocates nothing.
/// A workspace is used by one forward pass at a time; give each thread its own.
public final class AlbertWorkspace {
    let config: AlbertConfig
    private(set) var capacity = 0

    private(set) var embeddings = UnsafeMutablePointer<Float>.allocate(capacity: 1)   // L × E
    private(set) var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)       // L × H
    private(set) var attentionOutput = UnsafeMutablePointer<Float>.allocate(capacity: 1) // L × H
    private(set) var queryKeyValue = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L × 3H
    private(set) var context = UnsafeMutablePointer<Float>.allocate(capacity: 1)       // L × H
    private(set) var scores = UnsafeMutablePointer<Float>.allocate(capacity: 1)        // L × L
    private(set) var intermediate = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L × I
    private(set) var additiveMask = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L
    private(set) var ids = UnsafeMutablePointer<Int32>.allocate(capacity: 1)            // L
    private(set) var types = UnsafeMutablePointer<Int32>.allocate(capacity: 1)          // L
    private(set) var logits = UnsafeMutablePointer<Float>.allocate(capacity: 1)        // L × 2

    public init(config: AlbertConfig, capacity: Int = 384) {
        self.config = config
        reserve(capacity)
    }

    /// Grows the buffers to hold `length` tokens (never shrinks).
    func reserve(_ length: Int) {
        guard length > capacity else { return }
        free()
        let h = config.hiddenSize
        embeddings = .allocate(capacity: length * config.embeddingSize)
        hidden = .allocate(capacity: length * h)
        attentionOutput = .allocate(capacity: length * h)
        queryKeyValue = .allocate(capacity: length * 3 * h)
        context = .allocate(capacity: length * h)
        scores = .allocate(capacity: length * length)
        intermediate = .allocate(capacity: length * config.intermediateSize)
        additiveMask = .allocate(capacity: length)
        ids = .allocate(capacity: length)
        types = .allocate(capacity: length)
        logits = .allocate(capacity: length * 2)
        capacity = length
    }

    private func free() {
        for buffer in [embeddings, hidden, attentionOutput, queryKeyValue, context, scores, intermediate, additiveMask, logits] {
            buffer.deallocate()
        }
        ids.deallocate()
        types.deallocate()
    }

    deinit { free() }
}
