import Documents
import Foundation

/// A document read, decoded, hashed and cut into passages, ready to be written to the index.
struct PreparedDocument: Sendable {
    var file: DocumentFile
    /// nil when the file was skipped (see `skipped`).
    var text: String?
    var skipped: SkippedFile?
    var lossy = false
    /// What reading left out (`LoadedDocument.notes`).
    var notes: [String] = []
    var hash = ""
    var title = ""
    /// Each passage with its text and the heading path of the section it starts in.
    var passages: [(range: Range<Int>, text: String, section: String)] = []

    init(_ file: DocumentFile, chunking: ChunkingOptions, maxFileBytes: Int) {
        self.file = file
        switch DocumentLoader.load(file, maxBytes: maxFileBytes) {
        case let .skipped(skip):
            skipped = skip
        case let .loaded(document):
            text = document.text
            lossy = document.lossy
            notes = document.notes
            // The title and headings are indexed too: a change to them is a change.
            hash = ContentHash.hex(document.title + "\u{0}" + document.text)
            title = document.title
            let slicer = ScalarText(document.text)
            let outline = DocumentOutline(document.headings)
            let bodyStart = outline.headings.isEmpty ? nil : BodyStart(document.text, outline)
            passages = Chunker.chunk(document.text, options: chunking).map { range in
                let at = bodyStart?.offset(in: range) ?? range.lowerBound
                return (range, slicer[range], Self.printable(outline.sectionLine(at: at, title: document.title)))
            }
        }
    }
}

/// Where a passage's own text begins after the headings it starts with: short heading
/// paragraphs are joined to the paragraph they introduce, and the passage belongs to the
/// section of that paragraph ("# Rhine / ## Course / It rises…" is in "Course").
struct BodyStart {
    let paragraphs: [Range<Int>]
    let headingOffsets: [Int]

    init(_ text: String, _ outline: DocumentOutline) {
        paragraphs = Chunker.paragraphs(Array(text.unicodeScalars))
        headingOffsets = outline.headings.map(\.offset)
    }

    /// The first index of `values` (sorted) whose element satisfies `isAfter`, by bisection.
    static func firstIndex<T>(_ values: [T], where isAfter: (T) -> Bool) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(values[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    func offset(in range: Range<Int>) -> Int {
        var i = Self.firstIndex(paragraphs) { $0.upperBound > range.lowerBound }
        while i < paragraphs.count, paragraphs[i].lowerBound < range.upperBound {
            let paragraph = paragraphs[i]
            let heading = Self.firstIndex(headingOffsets) { $0 >= paragraph.lowerBound }
            let isHeading = heading < headingOffsets.count && headingOffsets[heading] < paragraph.upperBound
            if !isHeading { return max(paragraph.lowerBound, range.lowerBound) }
            i += 1
        }
        return range.lowerBound
    }
}

extension PreparedDocument {
    /// Headings come from documents and are shown: no control characters, one line, bounded.
    static func printable(_ line: String) -> String {
        let kept = line.unicodeScalars.filter { $0.properties.generalCategory != .control }
        return String(String(String.UnicodeScalarView(kept)).prefix(500))
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
