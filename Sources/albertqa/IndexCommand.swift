import Documents
import Foundation
import Retrieval
import Synchronization

let indexOption = Option<URL>.file("--index", "PATH", help: "the index database (default: under $XDG_CACHE_HOME/albertqa/)")
let passageWordsOption = Option<Int>("--passage-words", "N", in: 10...5000, help: "words per passage at most (a change re-indexes)").default(220)
let overlapOption = Option<Int>("--overlap", "N", in: 0...10, help: "sentences repeated between cut passages").default(1)
let maxFileOption = Option<Int>("--max-file-mb", "N", in: 1...(1 << 20), help: "skip files with more text than this, in MB")
    .default(DocumentLoader.defaultMaxFileBytes >> 20)
let toolSecondsOption = Option<Double>("--tool-seconds", "S", in: 0.1...86_400,
                                       help: "stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)")
    .default(ExternalTool.defaultSeconds)

/// The folder's index brought up to date for BM25 alone (`openSession` without vectors).
func openUpdatedIndex(_ folder: String, _ arguments: ParsedArguments, quiet: Bool = false,
                      whenBusy: PassageIndex.WhenBusy = .useAsIs) throws -> (PassageIndex, IndexReport) {
    let (session, report, _) = try openSession(folder, arguments, quiet: quiet, whenBusy: whenBusy, retriever: .bm25)
    return (session.index, report)
}

/// A progress line on a terminal's standard error, rewritten in place and erased at the end
/// (only if it was ever drawn: a run with nothing to do prints nothing at all).
final class ProgressLine: Sendable {
    let shown: Bool
    private let drawn = Mutex(false)

    init(shown: Bool) { self.shown = shown }

    func show(_ text: String) {
        guard shown else { return }
        drawn.withLock { $0 = true }
        // Erased to the end of the line: a shorter line must not leave the last one's tail.
        try? Console.standardError.write("\r" + TerminalSafeText.sanitize(text) + "\u{1B}[K")
    }

    func clear() {
        if drawn.withLock({ $0 }) { try? Console.standardError.write("\r\u{1B}[K") }
    }
}

/// An empty index this run created must not outlive a failed command.
enum FailureCleanup {
    private static let created = Mutex<[URL]>([])

    /// Remembers `database` if it does not exist yet: this run creates it, so it is ours (with
    /// its SQLite side files and the folders created for it).
    static func removeIfCreated(_ database: URL) {
        guard !FileManager.default.fileExists(atPath: database.path) else { return }
        var folders: [URL] = []
        var folder = database.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" {
            folders.append(folder)
            folder.deleteLastPathComponent()
        }
        let files = [database] + ["-wal", "-shm", "-journal", "-lock"].map { URL(fileURLWithPath: database.path + $0) }
            .filter { !FileManager.default.fileExists(atPath: $0.path) }
        created.withLock { $0 += folders.reversed() + files }
    }

    /// The index now holds documents: a later failure keeps it.
    static func keep(_ database: URL) {
        created.withLock { $0.removeAll { $0.path.hasPrefix(database.path) || database.path.hasPrefix($0.path + "/") } }
    }

    /// After a failure: removes the files this run created (a folder only if left empty) —
    /// only while no other process uses the index: the removal holds the writers' lock
    /// (`<index>-lock`, taken without waiting), and when another albertqa holds it everything
    /// stays.
    static func run() {
        let urls = created.withLock { $0 }
        guard !urls.isEmpty else { return }
        var lockDescriptor: Int32 = -1
        if let lock = urls.first(where: { $0.path.hasSuffix("-lock") }) {
            lockDescriptor = open(lock.path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
            if lockDescriptor >= 0, flock(lockDescriptor, LOCK_EX | LOCK_NB) != 0 {
                close(lockDescriptor)
                return  // another process is writing this index: it is not ours to remove now
            }
        }
        defer { if lockDescriptor >= 0 { close(lockDescriptor) } }
        for url in urls.reversed() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue { rmdir(url.path) } else { unlink(url.path) }
        }
    }
}

enum IndexCommand {
    static let spec = CommandSpec(
        name: "index",
        summary: "Index a folder of documents (incrementally) for searching and asking.",
        positionals: ["DIR"],
        options: [retrieverOption, encoderOption, vectorWindowOption, precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, jsonOption, Console.colorOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        // The passage vectors too (auto, dense, hybrid), unless --retriever bm25.
        let (session, report, vectors) = try openSession(arguments.positionals[0], arguments, whenBusy: .wait, encodeVectors: true)
        let index = session.index
        var skipped: [String: Int] = [:]
        for file in report.skipped { skipped[file.reason.rawValue, default: 0] += 1 }
        if arguments[jsonOption] {
            var json: [String: Any] = [
                "added": report.added, "updated": report.updated, "removed": report.removed,
                "unchanged": report.unchanged, "skipped": report.skipped.map(skipJSON), "skipped_by_reason": skipped,
                "lossy_utf8": report.lossy,
                "redecoded": report.redecoded.map { ["path": $0.relativePath, "charset": $0.charset] },
                "notes": report.notes.map { ["path": $0.path, "note": $0.note] },
                "documents": report.documents, "passages": report.passages,
                "seconds": (report.seconds * 1000).rounded() / 1000,
                "mb_per_second": (report.megabytesPerSecond * 100).rounded() / 100,
                "index": index.databaseURL.path,
            ]
            if let vectors {
                json["vectors"] = ["encoded": vectors.encoded, "stored": vectors.vectors, "seconds": (vectors.seconds * 1000).rounded() / 1000] as [String: Any]
            }
            try Console.standardOutput.json(json)
            return
        }
        try output(Span("\(report.added) added, \(report.updated) updated, \(report.removed) removed, \(report.unchanged) unchanged"))
        if !skipped.isEmpty {
            try output(Span("skipped: " + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ")))
            // Each skipped file named, with its reason: nothing goes missing unexplained.
            for file in report.skipped.sorted(by: { $0.relativePath < $1.relativePath }) {
                try output(Span("  "), Span(TerminalSafeText.sanitize(file.relativePath), .path),
                           Span(": " + TerminalSafeText.sanitize(skipLine(file)), .dim))
            }
        }
        if !report.lossy.isEmpty {
            try output(Span("invalid UTF-8 replaced in \(report.lossy.count) file(s): \(report.lossy.prefix(5).joined(separator: ", "))"))
        }
        if !report.redecoded.isEmpty {
            // Not UTF-8 and no charset named: read in the charset guessed, nothing replaced.
            let listed = report.redecoded.prefix(5).map { "\($0.relativePath) (\($0.charset))" }
            try output(Span("re-decoded \(report.redecoded.count) file(s) that were not UTF-8: \(listed.joined(separator: ", "))"))
        }
        for note in report.notes.prefix(5) {
            try output(Span("read in part: "), Span(note.path, .path), Span(": \(note.note)"))
        }
        if report.notes.count > 5 { try output(Span("read in part: \(report.notes.count - 5) more file(s)")) }
        try output(Span(String(format: "%d documents, %d passages; %.2f s, %.1f MB/s", report.documents, report.passages,
                                try finite(report.seconds, "the time"), try finite(report.megabytesPerSecond, "the speed"))))
        if let vectors {
            try output(Span(String(format: "passage vectors: %d encoded in %.2f s, %d of %d stored", vectors.encoded, try finite(vectors.seconds, "the time"),
                                    vectors.vectors, vectors.passages)))
        }
        try output(Span("index: "), Span(index.databaseURL.path, .path))
    }
}

/// "timeout (pdftotext ran over the 60 s limit and was stopped)".
func skipLine(_ file: SkippedFile) -> String {
    file.reason.rawValue.replacingOccurrences(of: "_", with: " ") + (file.detail.map { " (\($0))" } ?? "")
}

/// `{"path", "reason", "detail"}` (detail null when there is none).
func skipJSON(_ file: SkippedFile) -> [String: Any] {
    ["path": file.relativePath, "reason": file.reason.rawValue, "detail": file.detail.map { $0 as Any } ?? NSNull()]
}

enum SearchCommand {
    static let top = Option<Int>("--top", "K", in: 1...10_000, help: "how many passages").default(10)

    static let spec = CommandSpec(
        name: "search",
        summary: "Rank a folder's passages for a query (auto, BM25, dense or hybrid; indexes first if needed).",
        positionals: ["DIR", "QUERY"],
        options: [top, retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption] + fusionOptions
            + [precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, jsonOption, Console.colorOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let (session, _, _) = try openSession(arguments.positionals[0], arguments, quiet: arguments[jsonOption])
        let hits = try session.search(arguments.positionals[1], limit: arguments[top])
        if arguments[jsonOption] {
            try Console.standardOutput.json(["passages": try hits.map {
                ["document": $0.documentPath, "start": $0.range.lowerBound, "end": $0.range.upperBound,
                 "title": $0.title, "section": $0.section,
                 "score": (try finite($0.score, "a score") * 10_000).rounded() / 10_000, "score_kind": $0.scoreKind.rawValue, "text": $0.text] as [String: Any]
            }] as [String: Any])
            return
        }
        if hits.isEmpty { warn("no passage matches") }
        for (rank, hit) in hits.enumerated() {
            let preview = TerminalSafeText.sanitize(hit.text)
            try output(Span(String(format: "%2d.", rank + 1), .bold), Span(" \(hit.scoreKind.label)", .dim),
                       Span(String(format: " %.4f  ", try finite(hit.score, "a score")), .number),
                       Span(hit.documentPath, .path), Span(" [\(hit.range.lowerBound)–\(hit.range.upperBound)]", .dim),
                       Span("  " + TerminalSafeText.sanitize(AskCommand.placeLine(hit.title, hit.section)), .dim))
            try Console.standardOutput.wrapped([Span(preview.count > 160 ? String(preview.prefix(157)) + "…" : preview)], indent: "    ")
        }
    }
}
