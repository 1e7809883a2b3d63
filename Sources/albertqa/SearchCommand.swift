import Foundation
import Retrieval

enum SearchCommand {
    static let top = Option<Int>("--top", "K", in: 1...10_000, help: "how many passages").default(10)

    static let spec = CommandSpec(
        name: "search",
        summary: "Rank a folder's passages for a query (with any --retriever; indexes first if needed).",
        positionals: ["DIR", "QUERY"],
        options: [top, scopeOption, retrieverOption, encoderOption, columnWeightsOption, fusionDepthOption, vectorWindowOption] + fusionOptions
            + [precisionOption, indexOption, passageWordsOption, overlapOption, maxFileOption, toolSecondsOption, sourceCodeFlag, jsonOption, Console.colorOption]
    )

    static func run(_ arguments: ParsedArguments) throws {
        let (session, _, _) = try openSession(arguments.positionals[0], arguments, quiet: arguments[jsonOption])
        let hits = try session.search(arguments.positionals[1], limit: arguments[top], scope: questionScope(arguments))
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
