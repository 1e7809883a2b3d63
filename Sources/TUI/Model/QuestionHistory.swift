import Documents
import Foundation
import Retrieval

/// Questions asked before, newest last, each with the scope it was asked in; ↑/↓ walk
/// through them.
public struct QuestionHistory: Equatable, Sendable {
    public private(set) var entries: [String]
    /// The scope of each entry asked within documents (absent: the whole folder).
    public private(set) var scopes: [String: QuestionScope] = [:]
    /// nil while editing a new question.
    public private(set) var position: Int?
    private var draft = ""
    public static let limit = 500

    public init(entries: [String] = []) {
        self.entries = Array(entries.suffix(Self.limit))
    }

    /// A history file's lines: a question, then its scope's patterns, each after a tab (a
    /// line without a tab, as earlier versions wrote, is a question of the whole folder).
    public init(lines: [String]) {
        self.init()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            record(fields[0], scope: QuestionScope(Array(fields.dropFirst()).filter { !$0.isEmpty }))
        }
    }

    /// The lines `init(lines:)` reads (tabs and line breaks in a question or pattern become spaces).
    public var lines: [String] {
        entries.map { entry in
            ([entry] + (scopes[entry]?.patterns ?? [])).map { ControlCharacters.spaced($0) }.joined(separator: "\t")
        }
    }

    public mutating func record(_ question: String, scope: QuestionScope = .folder) {
        let trimmed = question.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        entries.removeAll { $0 == trimmed }
        entries.append(trimmed)
        scopes[trimmed] = scope.isWholeFolder ? nil : scope
        if entries.count > Self.limit {
            for dropped in entries.prefix(entries.count - Self.limit) { scopes[dropped] = nil }
            entries.removeFirst(entries.count - Self.limit)
        }
        position = nil
    }

    /// The scope `entry` was last asked in; nil when it is not in the history.
    public func scope(of entry: String) -> QuestionScope? {
        entries.contains(entry) ? scopes[entry] ?? .folder : nil
    }

    /// The older entry to show, or nil at the oldest.
    public mutating func older(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        if position == nil { draft = current }
        let next = (position ?? entries.count) - 1
        guard next >= 0 else { return nil }
        position = next
        return entries[next]
    }

    /// The newer entry, or the draft once past the newest.
    public mutating func newer() -> String? {
        guard let current = position else { return nil }
        if current + 1 < entries.count {
            position = current + 1
            return entries[current + 1]
        }
        position = nil
        return draft
    }
}

