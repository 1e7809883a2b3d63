import Documents

/// What one indexing run did.
public struct IndexReport: Sendable {
    public var added = 0
    public var updated = 0
    public var removed = 0
    public var unchanged = 0
    public var skipped: [SkippedFile] = []
    /// Documents whose invalid UTF-8 was replaced with U+FFFD.
    public var lossy: [String] = []
    /// Documents that were not UTF-8 and named no charset, read in the charset guessed
    /// (Windows-1252, or UTF-16/32 without a byte-order mark): nothing lost, but said.
    public var redecoded: [RedecodedFile] = []
    /// Documents read in part, and what was left out ("cut after 200,000 rows (the limit per
    /// file)"): indexed, but not whole.
    public var notes: [DocumentNote] = []
    public var documents = 0
    public var passages = 0
    public var bytesRead = 0
    public var seconds = 0.0
    /// Set when the run was stopped before it finished (the index is consistent; the next run completes it).
    public var cancelled = false
    /// Set when another process was writing the index and `update(whenBusy: .useAsIs)` left the
    /// update to it: the index was used as it stood.
    public var leftToAnotherWriter = false
    /// Set when the existing index could not be used and was rebuilt.
    public var rebuiltBecause: String?

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesRead) / 1_000_000 / seconds : 0 }

    public func skippedCount(_ reason: SkipReason) -> Int { skipped.filter { $0.reason == reason }.count }
}

/// A document read in a guessed charset (`LoadedDocument.redecodedAs`).
public struct RedecodedFile: Sendable, Equatable {
    public var relativePath: String
    public var charset: String

    public init(relativePath: String, charset: String) {
        self.relativePath = relativePath
        self.charset = charset
    }
}

/// A remark on a document that was indexed: what reading it left out.
public struct DocumentNote: Sendable, Equatable {
    public var path: String
    public var note: String

    public init(path: String, note: String) {
        self.path = path
        self.note = note
    }
}

/// Progress of a long indexing run, reported after each file.
public struct IndexProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var seconds: Double
    /// What the file being read is waiting for, when that is slow ("OCR page 2/12: scans/a.pdf").
    public var activity: String? = nil

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesDone) / 1_000_000 / seconds : 0 }
}

/// One passage found for a question.
public struct PassageHit: Sendable, Equatable {
    public var passageID: Int64
    /// The document's path relative to the folder.
    public var documentPath: String
    /// Unicode-scalar offsets of the passage in the document's text.
    public var range: Range<Int>
    public var text: String
    /// Relevance, higher is better; what it measures is `scoreKind`.
    public var score: Double
    public var scoreKind: RetrievalScoreKind
    /// The document's title and the heading path of the passage's section ("" when none).
    public var title: String
    public var section: String
    /// The table rows the passage overlaps, in document offsets (none outside tables): the
    /// reader keeps each answer within one row, and an answer names its cell from them.
    public var tableRows: [TableRowPlace] = []

    public init(passageID: Int64, documentPath: String, range: Range<Int>, text: String, score: Double,
                scoreKind: RetrievalScoreKind, title: String = "", section: String = "") {
        self.passageID = passageID
        self.documentPath = documentPath
        self.range = range
        self.text = text
        self.score = score
        self.scoreKind = scoreKind
        self.title = title
        self.section = section
    }
}
