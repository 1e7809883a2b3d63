import Documents
import Foundation

/// A document read, decoded, hashed and cut into passages, ready to be written to the index.
struct PreparedDocument: Sendable {
    var file: DocumentFile
    /// nil when the file was skipped (see `skipped`).
    var text: String?
    var skipped: SkippedFile?
    var lossy = false
    var hash = ""
    var passages: [(range: Range<Int>, text: String)] = []

    init(_ file: DocumentFile, chunking: ChunkingOptions, maxFileBytes: Int) {
        self.file = file
        switch DocumentLoader.load(file, maxBytes: maxFileBytes) {
        case let .skipped(skip):
            skipped = skip
        case let .loaded(document):
            text = document.text
            lossy = document.lossy
            hash = ContentHash.hex(document.text)
            let slicer = ScalarText(document.text)
            passages = Chunker.chunk(document.text, options: chunking).map { ($0, slicer[$0]) }
        }
    }
}

/// Prepares documents in order on a background thread, a few ahead of the consumer, so that
/// file reading and chunking overlap SQLite's work on the calling thread.
/// `@unchecked Sendable`: a monitor whose mutable state is touched only with `lock` held; it
/// needs a condition variable (waits for room and for the next document), which `Mutex`
/// does not offer, hence NSCondition.
final class PreparationPipeline: @unchecked Sendable {
    private let files: [DocumentFile]
    private let chunking: ChunkingOptions
    private let maxFileBytes: Int
    private let lock = NSCondition()
    private var ready: [Int: PreparedDocument] = [:]
    private var nextToConsume = 0
    private var cancelled = false
    private let lookahead = 8

    init(files: [DocumentFile], chunking: ChunkingOptions, maxFileBytes: Int) {
        self.files = files
        self.chunking = chunking
        self.maxFileBytes = maxFileBytes
        guard !files.isEmpty else { return }
        Thread.detachNewThread { [self] in produce() }
    }

    private func produce() {
        for index in files.indices {
            lock.lock()
            while !cancelled, index - nextToConsume >= lookahead { lock.wait() }
            let stop = cancelled
            lock.unlock()
            if stop { return }
            let document = PreparedDocument(files[index], chunking: chunking, maxFileBytes: maxFileBytes)
            lock.lock()
            ready[index] = document
            lock.broadcast()
            lock.unlock()
        }
    }

    /// The next document in file order, or nil when all are consumed.
    func next() -> PreparedDocument? {
        lock.lock()
        defer { lock.unlock() }
        guard nextToConsume < files.count, !cancelled else { return nil }
        while ready[nextToConsume] == nil { lock.wait() }
        let document = ready.removeValue(forKey: nextToConsume)
        nextToConsume += 1
        lock.broadcast()
        return document
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }
}
