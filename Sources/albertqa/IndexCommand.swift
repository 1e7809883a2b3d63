import Documents
import Foundation
import Retrieval
import Synchronization

let indexOption = Option<URL>.file("--index", "PATH", help: "the index database (default: under $XDG_CACHE_HOME/albertqa/)")
    .manual("One per folder by default. Only a file that is an AlbertQA index is ever rebuilt")
let passageWordsOption = Option<Int>("--passage-words", "N", in: 10...5000, help: "words per passage at most (a change re-indexes)").default(220)
let overlapOption = Option<Int>("--overlap", "N", in: 0...10, help: "sentences repeated between cut passages").default(1)
let maxFileOption = Option<Int>("--max-file-mb", "N", in: 1...(1 << 20), help: "skip files with more text than this, in MB")
    .manual("Such files are reported as too_large")
    .default(DocumentLoader.defaultMaxFileBytes >> 20)
let sourceCodeFlag = Flag("--source-code", config: .sourceCode, help: "index program source too (.py, .swift, .c …)")
    .manual("Source files are skipped by default (unsupported_format, naming this flag): in a folder of documents, code is mostly libraries and build trees whose passages crowd out the documents' answers. Turning it off again removes them from the index.")
let toolSecondsOption = Option<Double>("--tool-seconds", "S", in: 0.1...86_400,
                                       help: "stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)")
    .manual("The converter's whole process group is killed (pdftotext, antiword, catdoc, unrtf, tesseract's page)")
    .default(ExternalTool.defaultSeconds)

/// The folder's index brought up to date for BM25 alone (`openSession` without vectors).
func openUpdatedIndex(_ folder: String, _ arguments: ParsedArguments, quiet: Bool = false,
                      whenBusy: PassageIndex.WhenBusy = .useAsIs) throws -> (PassageIndex, IndexReport) {
    let (session, report, _) = try openSession(folder, arguments, quiet: quiet, whenBusy: whenBusy, retriever: .bm25)
    return (session.index, report)
}

enum IndexCommand {
    static let spec = CommandSpec(
        name: "index",
        summary: "Index a folder of documents (incrementally) for searching and asking.",
        positionals: ["DIR"],
        options: [retrieverOption, encoderOption, vectorWindowOption, precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, sourceCodeFlag, jsonOption, Console.colorOption]
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
