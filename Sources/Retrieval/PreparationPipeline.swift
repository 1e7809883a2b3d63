import Documents
import Foundation
import Synchronization

/// A document read, decoded, hashed and cut into passages, ready to be written to the index.
struct PreparedDocument: Sendable {
    var file: DocumentFile
    /// nil when the file was skipped (see `skipped`).
    var text: String?
    var skipped: SkippedFile?
    var lossy = false
    var redecodedAs: String?
    /// What reading left out (`LoadedDocument.notes`).
    var notes: [String] = []
    /// The table rows of the text (`LoadedDocument.tableRows`).
    var tableRows: [TableRowPlace] = []
    var hash = ""
    var title = ""
    /// Each passage with its text and the heading path of the section it starts in.
    var passages: [(range: Range<Int>, text: String, section: String)] = []
    /// An mbox's messages, each prepared as a document of its own (`text` stays nil, `hash` is
    /// the file's); empty for any other file.
    var messages: [PreparedDocument] = []
    /// The message's 1-based number in its mbox (`LoadedDocument.message`), nil for a file.
    var message: Int?
    /// How the document is named in the index (`DocumentName`).
    var name: [UInt8] { DocumentName.bytes(file.relativePathBytes, message: message) }
    /// The file's bytes are those of the OCR'd document stored with `previousHash`: it was
    /// only touched, and is not read again (`text` stays nil, `skipped` too).
    var sameBytesAsStored = false

    init(_ file: DocumentFile, chunking: ChunkingOptions, maxFileBytes: Int, tools: ToolSettings = ToolSettings(),
         previousHash: String? = nil) {
        self.file = file
        var fingerprint: String?
        if let previous = previousHash.flatMap(FileFingerprint.stored(in:)) {
            fingerprint = FileFingerprint.of(file.path)
            if fingerprint == previous {
                sameBytesAsStored = true
                return
            }
        }
        switch DocumentLoader.load(file, maxBytes: maxFileBytes, tools: tools) {
        case let .skipped(skip):
            skipped = skip
        case let .loaded(document):
            prepare(document, chunking: chunking)
            if document.ocrPages > 0, let bytes = fingerprint ?? FileFingerprint.of(file.path) { hash += FileFingerprint.marker + bytes }
        case let .mailbox(documents):
            messages = documents.map { document in
                var message = PreparedDocument(file: file)
                message.prepare(document, chunking: chunking)
                message.message = document.message
                return message
            }
            // One hash for the file: its messages are replaced together when it changes, and
            // their numbers, remarks and lossiness are part of what is stored.
            hash = ContentHash.hex(messages.map { "\($0.message ?? 0)\u{0}\($0.hash)\u{0}\($0.lossy)\u{0}\($0.notes.joined(separator: "\n"))" }
                .joined(separator: "\u{1}"))
        }
    }

    private init(file: DocumentFile) { self.file = file }

    /// Fills text, remarks, hash, title and passages from a loaded document.
    private mutating func prepare(_ document: LoadedDocument, chunking: ChunkingOptions) {
        text = document.text
        lossy = document.lossy
        redecodedAs = document.redecodedAs
        notes = document.notes
        // The title and headings are indexed too: a change to them is a change.
        tableRows = document.tableRows
        // Cell places are stored too: rows placed anew in the same text are a change.
        let places = document.tableRows.isEmpty ? "" : "\u{0}" + document.tableRows.map { "\($0.range) \($0.storedTable) \($0.row) \($0.storedCells)" }.joined(separator: "\n")
        hash = ContentHash.hex(document.title + "\u{0}" + document.text + places)
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
    /// The hash stored for each file's previous version, if any (`PreparedDocument.previousHash`).
    private let previousHashes: [String?]
    private let chunking: ChunkingOptions
    private let maxFileBytes: Int
    /// The external tools' limits, with a cancellation token of this pipeline's own: `cancel`
    /// kills a tool that is running (a slow pdftotext) instead of waiting for it.
    private let tools: ToolSettings
    private let lock = NSCondition()
    private var ready: [Int: PreparedDocument] = [:]
    private var nextToConsume = 0
    private var cancelled = false
    /// The producer thread has returned: no tool of this pipeline runs any more.
    private var producerDone = false
    /// What the file being prepared waits for when that is slow (OCR pages), set from the
    /// producer thread by the tools and shown by `next` while the writer waits.
    private let activity = ActivityNote()
    private let lookahead = 8

    init(files: [DocumentFile], previousHashes: [String?] = [], chunking: ChunkingOptions, maxFileBytes: Int, tools: ToolSettings = ToolSettings()) {
        self.files = files
        self.previousHashes = previousHashes
        self.chunking = chunking
        self.maxFileBytes = maxFileBytes
        var tools = tools
        tools.cancellation = ToolCancellation()
        self.tools = tools
        guard !files.isEmpty else {
            producerDone = true
            return
        }
        Thread.detachNewThread { [self] in produce() }
    }

    private func produce() {
        defer {
            lock.lock()
            producerDone = true
            lock.broadcast()
            lock.unlock()
        }
        for index in files.indices {
            lock.lock()
            while !cancelled, index - nextToConsume >= lookahead { lock.wait() }
            let stop = cancelled
            lock.unlock()
            if stop { return }
            var settings = tools
            let path = files[index].relativePath
            settings.onOCRPage = { [activity] page, pages in activity.text.withLock { $0 = "OCR page \(page)/\(pages): \(path)" } }
            let document = PreparedDocument(files[index], chunking: chunking, maxFileBytes: maxFileBytes, tools: settings,
                                            previousHash: index < previousHashes.count ? previousHashes[index] : nil)
            activity.text.withLock { $0 = nil }
            lock.lock()
            ready[index] = document
            lock.broadcast()
            lock.unlock()
        }
    }

    /// The next document in file order, or nil when all are consumed or `isCancelled` says
    /// stop. While it waits (a tool may be reading a slow file) it asks `isCancelled` every
    /// 50 ms and, when told to stop, cancels the pipeline, which kills the running tool.
    func next(isCancelled: () -> Bool = { false }, waiting: (String) -> Void = { _ in }) -> PreparedDocument? {
        lock.lock()
        var stopping = false
        defer {
            lock.unlock()
            if stopping { cancel() }
        }
        guard nextToConsume < files.count, !cancelled else { return nil }
        var shown: String?
        while ready[nextToConsume] == nil {
            if cancelled { return nil }
            _ = lock.wait(until: Date().addingTimeInterval(0.05))
            if ready[nextToConsume] == nil, isCancelled() {
                stopping = true
                return nil
            }
            if let note = activity.text.withLock({ $0 }), note != shown {
                shown = note
                waiting(note)
            }
        }
        let document = ready.removeValue(forKey: nextToConsume)
        nextToConsume += 1
        lock.broadcast()
        return document
    }

    /// Stops preparing documents and kills the tool that runs, if any.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
        tools.cancellation?.cancel()
    }

    /// Cancels, then waits (at most `seconds`) until the producer has returned, so that the
    /// tool it ran is killed *and reaped* before indexing returns: killing pdftotext in the
    /// middle of a 1.5 GB content stream takes ~0.15 s to tear its memory down, and an
    /// interrupted `index` that exited before that left it running that long.
    func cancelAndWait(seconds: Double = 5) {
        cancel()
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        while !producerDone, lock.wait(until: deadline) {}
        lock.unlock()
    }
}

/// A line of progress handed from the producer thread to the writer.
final class ActivityNote: Sendable {
    let text = Mutex<String?>(nil)
}
