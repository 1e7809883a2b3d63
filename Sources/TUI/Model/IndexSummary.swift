/// What the last index run did, as the interface reports it.
public struct IndexSummary: Equatable, Sendable {
    public var added = 0, updated = 0, removed = 0, unchanged = 0
    /// "path: reason" for every skipped file.
    public var skipped: [String] = []
    /// "path: remark" for every indexed document read with a remark (invalid UTF-8 replaced, a
    /// charset guessed, read in part), from this run or an earlier one.
    public var remarks: [String] = []
    public var documents = 0, passages = 0
    public var cancelled = false
    public var notice: String?
    public var seconds = 0.0

    public init(added: Int = 0, updated: Int = 0, removed: Int = 0, unchanged: Int = 0, skipped: [String] = [],
                documents: Int = 0, passages: Int = 0, cancelled: Bool = false, notice: String? = nil, seconds: Double = 0) {
        (self.added, self.updated, self.removed, self.unchanged) = (added, updated, removed, unchanged)
        self.skipped = skipped
        (self.documents, self.passages) = (documents, passages)
        self.cancelled = cancelled
        self.notice = notice
        self.seconds = seconds
    }

    public var changed: Bool { added + updated + removed > 0 }

    /// One line: what changed, what was skipped, whether the index is complete.
    public var line: String {
        if cancelled { return "indexing stopped: the index is partial (\(documents) documents so far) — r completes it" }
        var parts: [String] = []
        if changed { parts.append("\(added) added · \(updated) updated · \(removed) removed") } else { parts.append("up to date, nothing changed") }
        if !skipped.isEmpty { parts.append("\(skipped.count) skipped (= lists them)") }
        return "index: " + parts.joined(separator: " · ") + " · \(documents) documents"
    }
}
