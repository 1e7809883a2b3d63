import CAlbertKernels
import Foundation

/// Preallocated activations for one forward pass, so that reading a window allocates nothing.
/// A workspace is used by one forward pass at a time; give each thread its own.
public final class AlbertWorkspace {
    let config: AlbertConfig
    private(set) var capacity = 0
    /// How many threads one forward pass uses: matrix products are split by rows and attention
    /// by heads, each thread running single-threaded kernels.
    public let threads: Int

    private(set) var embeddings = UnsafeMutablePointer<Float>.allocate(capacity: 1)   // L × E
    private(set) var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)       // L × H
    private(set) var attentionOutput = UnsafeMutablePointer<Float>.allocate(capacity: 1) // L × H
    private(set) var queryKeyValue = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L × 3H
    private(set) var context = UnsafeMutablePointer<Float>.allocate(capacity: 1)       // L × H
    private(set) var scores = UnsafeMutablePointer<Float>.allocate(capacity: 1)        // workers × L × L
    private(set) var intermediate = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L × I
    private(set) var additiveMask = UnsafeMutablePointer<Float>.allocate(capacity: 1)  // L
    private(set) var ids = UnsafeMutablePointer<Int32>.allocate(capacity: 1)            // L
    private(set) var types = UnsafeMutablePointer<Int32>.allocate(capacity: 1)          // L
    private(set) var logits = UnsafeMutablePointer<Float>.allocate(capacity: 1)        // L × 2
    /// Per thread: the quantised (int8) or rounded (bf16) copy of a product's input rows.
    private var scratchBuffers: [UnsafeMutableRawPointer] = []

    /// `threads` defaults to the machine's active cores; use 1 for workspaces that run side by side.
    public init(config: AlbertConfig, capacity: Int = 384, threads: Int? = nil) {
        self.config = config
        self.threads = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, 16))
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
        scores = .allocate(capacity: threads * length * length)
        intermediate = .allocate(capacity: length * config.intermediateSize)
        additiveMask = .allocate(capacity: length)
        ids = .allocate(capacity: length)
        types = .allocate(capacity: length)
        logits = .allocate(capacity: length * 2)
        let widest = max(config.embeddingSize, config.hiddenSize, config.intermediateSize)
        let headSize = config.hiddenSize / config.numAttentionHeads
        let scratchBytes = Precision.allCases.map {
            max(PackedMatrix.scratchBytes(precision: $0, inFeatures: widest, rows: length),
                albert_attention_scratch_bytes($0.kernel, Int32(length), Int32(headSize)))  // any table's
        }.max()!
        scratchBuffers = (0..<threads).map { _ in .allocate(byteCount: max(scratchBytes, 64), alignment: 64) }
        capacity = length
    }

    private func free() {
        for buffer in [embeddings, hidden, attentionOutput, queryKeyValue, context, scores, intermediate, additiveMask, logits] {
            buffer.deallocate()
        }
        ids.deallocate()
        types.deallocate()
        for buffer in scratchBuffers { buffer.deallocate() }
        scratchBuffers = []
    }

    /// Thread `worker`'s scratch memory for the packed kernels (room for every row).
    func scratch(_ worker: Int) -> UnsafeMutableRawPointer { scratchBuffers[worker] }

    deinit { free() }

    /// Runs `body(worker, workers)` on every thread of the workspace and waits for all.
    func parallel(_ body: (Int, Int) -> Void) {
        let workers = threads
        if workers == 1 { return body(0, 1) }
        // concurrentPerform wants a @Sendable closure, but `body` captures the workspace and
        // the model's layers. That is safe here: concurrentPerform returns only after every
        // iteration has finished (so `body` never outlives this call), and each worker writes
        // only its own rows, heads and scratch buffer (the callers split the work so).
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let run = escapable
            DispatchQueue.concurrentPerform(iterations: workers) { run($0, workers) }
        }
    }

    /// Splits rows 0..<count into one contiguous block per thread; `body(rows, worker)`.
    func parallelRows(_ count: Int, _ body: (Range<Int>, Int) -> Void) {
        parallel { worker, workers in
            let lower = count * worker / workers
            let upper = count * (worker + 1) / workers
            if lower < upper { body(lower..<upper, worker) }
        }
    }
}
