import Answering
import Documents
import Foundation

/// The answers list as rows of aligned columns: marker and rank, confidence bar (when the
/// pane is wide enough), percentage, the answer, and its document (shortened in the middle,
/// with `+N` more places kept). The selected answer is shown in full, wrapped over up to
/// `selectedLines` rows; the others take a row each and are cut with "…".
public struct AnswerList {
    public static let selectedLines = 4

    public struct Row: Equatable {
        public var spans: [Span]
        /// The answer this row belongs to.
        public var answerIndex: Int
    }

    public var answers: [Answer]
    public var selected: Int
    public var width: Int
    public var focused: Bool
    /// Each answer's document on a row of its own under the answer (a tall, narrow pane):
    /// the answer and the path each get the whole width instead of sharing it.
    public var documentsOnTheirOwnRow: Bool
    /// The line of each answer's best place (by answer index), where the document is known:
    /// shown as "path:line", so answers found in the same document are told apart.
    public var lines: [Int: Int] = [:]

    public init(answers: [Answer], selected: Int, width: Int, focused: Bool, documentsOnTheirOwnRow: Bool = false) {
        self.answers = answers
        self.selected = selected
        self.width = width
        self.focused = focused
        self.documentsOnTheirOwnRow = documentsOnTheirOwnRow
    }

    /// Whether a pane of this size should put documents on their own rows: narrower than 70
    /// cells (where a shared row leaves the answer about 20) and tall enough for two rows per
    /// answer.
    public static func prefersOwnRows(width: Int, height: Int, answerCount: Int) -> Bool {
        width < 70 && height >= 2 * answerCount
    }

    /// Columns, computed once for all rows so they align.
    struct Columns {
        var rank: Int
        var bar: Int  // 0 when dropped
        var answer: Int
        var source: Int
    }

    func columns() -> Columns {
        let rank = String(answers.count).count
        // Marker, rank, space, [bar, space], "100%", space ... gap of 2 before the source.
        let bar = width >= 56 ? 5 : 0
        let fixed = 1 + rank + 1 + (bar > 0 ? bar + 1 : 0) + 4 + 1 + 2
        if documentsOnTheirOwnRow {
            let fixedOwn = 1 + rank + 1 + (bar > 0 ? bar + 1 : 0) + 4 + 1
            return Columns(rank: rank, bar: bar, answer: max(4, width - fixedOwn), source: max(4, width - fixedOwn))
        }
        let longestSource = answers.indices.map { DisplayWidth.of(sourceLabel($0)) }.max() ?? 0
        var source = min(longestSource, max(12, width / 3))
        // The answer keeps at least 12 cells; the source never disappears (8 cells at least).
        if width - fixed - source < 12 { source = max(8, width - fixed - 12) }
        return Columns(rank: rank, bar: bar, answer: max(4, width - fixed - source), source: source)
    }

    /// "path/to/doc.txt:14 +2": the document and line of the best place, and how many more places.
    func sourceLabel(_ index: Int) -> String {
        let answer = answers[index]
        guard let first = answer.locations.first else { return "" }
        return ControlCharacters.spaced(first.documentPath) + (lines[index].map { ":\($0)" } ?? "")
            + (answer.locations.count > 1 ? " +\(answer.locations.count - 1)" : "")
    }

    /// The source shortened in the middle, the ":line" and "+N" kept whole.
    func source(_ index: Int, fitting cells: Int) -> String {
        let answer = answers[index]
        guard let first = answer.locations.first else { return "" }
        let tail = (lines[index].map { ":\($0)" } ?? "") + (answer.locations.count > 1 ? " +\(answer.locations.count - 1)" : "")
        let path = DisplayWidth.middleTruncated(ControlCharacters.spaced(first.documentPath), fitting: max(1, cells - tail.count))
        return path + tail
    }

    /// Rows for every answer (the caller shows a window of them).
    public func rows() -> [Row] {
        let columns = columns()
        var rows: [Row] = []
        for (index, answer) in answers.enumerated() {
            let chosen = index == selected
            let shown = answer.shownConfidence
            let confidence = shown ?? 0
            let percent = shown.map { String(format: "%3d%%", Int(($0 * 100).rounded())) } ?? "  ?%"
            let rank = String(repeating: " ", count: columns.rank - String(index + 1).count) + String(index + 1)
            var lead: [Span] = [Span(chosen ? "›" : " ", .bold, .accent), Span(rank + " ", [], .muted)]
            if columns.bar > 0 {
                let filled = Int((confidence * Double(columns.bar)).rounded())
                lead.append(Span(String(repeating: "█", count: filled) + String(repeating: "░", count: columns.bar - filled) + " ",
                                 [], answer.isGuess ? .muted : .bar))
            }
            lead.append(Span(percent + " ", answer.isGuess ? .dim : []))
            let text = ControlCharacters.spaced(answer.text) + (answer.isGuess ? " (guess)" : "")
            let textStyle: Style = chosen ? (focused ? [.reverse, .bold] : [.bold]) : []
            let sourceSpan = Span("  " + DisplayWidth.padded(source(index, fitting: columns.source), to: columns.source), .dim, .muted)
            let indent = String(repeating: " ", count: lead.map { DisplayWidth.of($0.text) }.reduce(0, +))
            if documentsOnTheirOwnRow {
                var lines = chosen ? TextWrapper.wrap(text, width: columns.answer).map(\.text) : [DisplayWidth.truncated(text, fitting: columns.answer)]
                if lines.count > Self.selectedLines {
                    lines = Array(lines.prefix(Self.selectedLines))
                    lines[lines.count - 1] = DisplayWidth.truncated(lines[lines.count - 1] + "……", fitting: columns.answer)
                }
                for (i, line) in lines.enumerated() {
                    rows.append(Row(spans: (i == 0 ? lead : [Span(indent)]) + [Span(DisplayWidth.padded(line, to: columns.answer), textStyle)], answerIndex: index))
                }
                rows.append(Row(spans: [Span(indent), Span(DisplayWidth.padded(source(index, fitting: columns.source), to: columns.source), .dim, .muted)],
                                answerIndex: index))
                continue
            }
            if chosen, DisplayWidth.of(text) > columns.answer {
                // The selected answer in full: wrapped under its own column.
                var lines = TextWrapper.wrap(text, width: columns.answer).map(\.text)
                if lines.count > Self.selectedLines {
                    lines = Array(lines.prefix(Self.selectedLines))
                    lines[lines.count - 1] = DisplayWidth.truncated(lines[lines.count - 1] + "……", fitting: columns.answer)
                }
                for (i, line) in lines.enumerated() {
                    let body = Span(DisplayWidth.padded(line, to: columns.answer), textStyle)
                    rows.append(Row(spans: (i == 0 ? lead : [Span(indent)]) + [body] + (i == 0 ? [sourceSpan] : []), answerIndex: index))
                }
            } else {
                let body = Span(DisplayWidth.padded(DisplayWidth.truncated(text, fitting: columns.answer), to: columns.answer), textStyle)
                rows.append(Row(spans: lead + [body, sourceSpan], answerIndex: index))
            }
        }
        return rows
    }

    /// The first row to show so the selected answer's rows are all visible in `height` rows.
    public static func firstVisibleRow(_ rows: [Row], selected: Int, height: Int) -> Int {
        guard let firstSelected = rows.firstIndex(where: { $0.answerIndex == selected }) else { return 0 }
        let lastSelected = rows.lastIndex(where: { $0.answerIndex == selected }) ?? firstSelected
        var first = 0
        if lastSelected >= first + height { first = lastSelected - height + 1 }
        if firstSelected < first { first = firstSelected }
        return max(0, min(first, max(0, rows.count - height)))
    }
}
