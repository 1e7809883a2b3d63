import Foundation
import Glibc

/// Where a question is asked: the whole folder, or the documents a list of patterns names.
/// Each pattern is relative to the folder and is one of
/// - a document's path (`papers/2020-smith.pdf`),
/// - a folder, with or without its trailing slash (`notes/`, `notes`): every document under it,
/// - a glob (`papers/2020-*.pdf`, `*.md`): `*`, `?` and `[…]` as the shell has them, none of
///   them crossing a `/` (fnmatch with FNM_PATHNAME).
/// A document is in scope when any pattern names it. Matching is on the path as the index shows
/// it (`PassageHit.documentPath`), so a pattern is written the way `search` prints paths.
public struct QuestionScope: Sendable, Hashable {
    public let patterns: [String]

    /// The patterns as given (a leading `./` and repeated slashes are dropped).
    public init(_ patterns: [String]) {
        self.patterns = patterns.map(Self.normalise)
    }

    /// The whole folder (no pattern).
    public static let folder = QuestionScope([])

    /// One document by its path exactly (glob characters in the name are escaped).
    public static func document(_ path: String) -> QuestionScope {
        QuestionScope([path.map { "*?[\\".contains($0) ? "\\\($0)" : String($0) }.joined()])
    }

    public var isWholeFolder: Bool { patterns.isEmpty }

    /// Whether `pattern` names the document at `path`.
    public static func pattern(_ pattern: String, matches path: String) -> Bool {
        let pattern = normalise(pattern)
        if pattern.isEmpty { return false }
        if pattern.hasSuffix("/") { return path.hasPrefix(pattern) }
        if isGlob(pattern) { return fnmatch(pattern, path, FNM_PATHNAME) == 0 }
        return path == pattern || path.hasPrefix(pattern + "/")
    }

    public func matches(_ path: String) -> Bool {
        patterns.contains { Self.pattern($0, matches: path) }
    }

    static func isGlob(_ pattern: String) -> Bool {
        pattern.contains { $0 == "*" || $0 == "?" || $0 == "[" || $0 == "\\" }
    }

    static func normalise(_ pattern: String) -> String {
        var text = pattern
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.contains("//") { text = text.replacingOccurrences(of: "//", with: "/") }
        return text
    }
}

/// A scope resolved against an index: the documents and passages it holds, computed once per
/// scope (`PassageIndex.resolve`) and handed to the retrievers, which then never return a
/// passage outside it.
public struct PassageScope: Sendable, Equatable {
    /// Row ids of the documents in scope, ascending.
    public let documentIDs: [Int64]
    /// Their passages.
    public let passageIDs: Set<Int64>
    /// Patterns that named no indexed document (a scope with one is refused by the session).
    public let unmatchedPatterns: [String]

    public init(documentIDs: [Int64], passageIDs: Set<Int64>, unmatchedPatterns: [String] = []) {
        self.documentIDs = documentIDs
        self.passageIDs = passageIDs
        self.unmatchedPatterns = unmatchedPatterns
    }
}
