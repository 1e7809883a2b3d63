import Documents
import Foundation
import Retrieval

let indexOption = CommandSpec.Option(name: "--index", value: "PATH", help: "the index database (default: under $XDG_CACHE_HOME/albertqa/)")
let passageWordsOption = CommandSpec.Option(name: "--passage-words", value: "N", help: "words per passage at most (default 220; a change re-indexes)")
let overlapOption = CommandSpec.Option(name: "--overlap", value: "N", help: "sentences repeated between cut passages (default 1)")
let maxFileOption = CommandSpec.Option(name: "--max-file-mb", value: "N", help: "skip files with more text than this, in MB (default 32)")

/// Opens the folder's index and brings it up to date, with progress on a terminal's stderr.
/// When another process is writing the index, `index` waits for it; the commands that only
/// read (`whenBusy: .useAsIs`) search the index as it stands, with a notice.
func openUpdatedIndex(_ folder: String, _ arguments: ParsedArguments, quiet: Bool = false,
                      whenBusy: PassageIndex.WhenBusy = .useAsIs) throws -> (PassageIndex, IndexReport) {
    let folderURL = URL(fileURLWithPath: folder)
    let chunking = ChunkingOptions(
        maxWords: try arguments.int("--passage-words", default: 220, range: 10...5000),
        overlapSentences: try arguments.int("--overlap", default: 1, range: 0...10)
    )
    let maxFileBytes = try arguments.int("--max-file-mb", default: DocumentLoader.defaultMaxFileBytes >> 20, range: 1...1 << 20) << 20
    let index = try PassageIndex(folder: folderURL, databaseURL: arguments.string("--index").map { URL(fileURLWithPath: $0) },
                                 chunking: chunking, maxFileBytes: maxFileBytes)
    if let notice = index.rebuiltBecause { warn(notice) }
    index.onWaitingForAnotherWriter = { warn("waiting for another albertqa that is writing \(index.databaseURL.path)") }
    let showProgress = isatty(STDERR_FILENO) == 1 && !quiet
    let report = try index.update(progress: showProgress ? { progress in
        guard progress.filesDone % 20 == 0 || progress.filesDone == progress.filesTotal else { return }
        FileHandle.standardError.write(Data(String(format: "\rindexing %d/%d files, %.1f MB/s ",
                                                   progress.filesDone, progress.filesTotal, progress.megabytesPerSecond).utf8))
    } : nil, whenBusy: whenBusy)
    if report.leftToAnotherWriter { warn("another albertqa is writing \(index.databaseURL.path): searching the index as it stands") }
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    if DocumentLoader.pdftotextPath == nil, report.skippedCount(.pdftotextMissing) > 0 {
        warn("\(report.skippedCount(.pdftotextMissing)) PDF file(s) skipped: pdftotext is not installed (Debian: poppler-utils)")
    }
    return (index, report)
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("albertqa: \(message)\n".utf8))
}

enum IndexCommand {
    static let spec = CommandSpec(
        name: "index",
        summary: "Index a folder of documents (incrementally) for searching and asking.",
        positionals: ["DIR"],
        options: [retrieverOption, encoderOption, precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, jsonOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        // --retriever dense or hybrid computes the passage vectors as well.
        let (session, report, vectors) = try openSession(arguments.positionals[0], arguments, whenBusy: .wait)
        let index = session.index
        var skipped: [String: Int] = [:]
        for file in report.skipped { skipped[file.reason.rawValue, default: 0] += 1 }
        if arguments.flag("--json") {
            var json: [String: Any] = [
                "added": report.added, "updated": report.updated, "removed": report.removed,
                "unchanged": report.unchanged, "skipped": skipped, "lossy_utf8": report.lossy,
                "documents": report.documents, "passages": report.passages,
                "seconds": Double(String(format: "%.3f", report.seconds))!,
                "mb_per_second": Double(String(format: "%.2f", report.megabytesPerSecond))!,
                "index": index.databaseURL.path,
            ]
            if let vectors {
                json["vectors"] = ["encoded": vectors.encoded, "stored": vectors.vectors, "seconds": Double(String(format: "%.3f", vectors.seconds))!] as [String: Any]
            }
            printJSON(json)
            return
        }
        print("\(report.added) added, \(report.updated) updated, \(report.removed) removed, \(report.unchanged) unchanged")
        if !skipped.isEmpty {
            print("skipped: " + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", "))
        }
        if !report.lossy.isEmpty {
            print("invalid UTF-8 replaced in \(report.lossy.count) file(s): \(report.lossy.prefix(5).joined(separator: ", "))")
        }
        print(String(format: "%d documents, %d passages; %.2f s, %.1f MB/s", report.documents, report.passages, report.seconds, report.megabytesPerSecond))
        if let vectors {
            print(String(format: "passage vectors: %d encoded in %.2f s, %d of %d stored", vectors.encoded, vectors.seconds, vectors.vectors, vectors.passages))
        }
        print("index: \(index.databaseURL.path)")
    }
}

enum SearchCommand {
    static let spec = CommandSpec(
        name: "search",
        summary: "Rank a folder's passages for a query (BM25, dense or hybrid; indexes first if needed).",
        positionals: ["DIR", "QUERY"],
        options: [.init(name: "--top", value: "K", help: "how many passages (default 10)"), retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption]
            + fusionOptions + [precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, jsonOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let top = try arguments.int("--top", default: 10, range: 1...10_000)
        let (session, _, _) = try openSession(arguments.positionals[0], arguments, quiet: arguments.flag("--json"))
        let hits = try session.search(arguments.positionals[1], limit: top)
        if arguments.flag("--json") {
            printJSON(["passages": hits.map {
                ["document": $0.documentPath, "start": $0.range.lowerBound, "end": $0.range.upperBound,
                 "title": $0.title, "section": $0.section,
                 "score": Double(String(format: "%.4f", $0.score))!, "score_kind": $0.scoreKind.rawValue, "text": $0.text] as [String: Any]
            }] as [String: Any])
            return
        }
        if hits.isEmpty { print("no passage matches") }
        for (rank, hit) in hits.enumerated() {
            let preview = hit.text.split(whereSeparator: \.isNewline).joined(separator: " ")
            print(String(format: "%2d. %@ %.4f  %@ [%d–%d]  %@", rank + 1, hit.scoreKind.label, hit.score, hit.documentPath,
                         hit.range.lowerBound, hit.range.upperBound, AskCommand.placeLine(hit.title, hit.section)))
            print("    " + (preview.count > 160 ? String(preview.prefix(157)) + "…" : preview))
        }
    }
}
