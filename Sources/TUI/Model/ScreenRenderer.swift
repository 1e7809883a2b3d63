import Answering
import Foundation

/// Draws an `AppState` into a `Frame` for a terminal size. Also settles the viewer's scroll
/// position (revealing the highlight, clamping to the document), which depends on the width.
public final class ScreenRenderer {
    private var wrapCache: (text: String, width: Int, lines: [WrappedLine])?

    public init() {}

    public func render(_ state: inout AppState, rows: Int, columns: Int) -> Frame {
        var frame = Frame(rows: rows, columns: columns)
        guard let layout = ScreenLayout(rows: rows, columns: columns, answerCount: state.answers.count) else {
            return tooSmall(rows: rows, columns: columns)
        }
        drawQuestion(state, layout.question, &frame)
        drawAnswers(state, layout.answers, &frame)
        drawViewer(&state, layout.viewer, &frame)
        drawStatus(state, layout.status, &frame)
        if state.showHelp { drawHelp(rows: rows, columns: columns, &frame) }
        return frame
    }

    private func tooSmall(rows: Int, columns: Int) -> Frame {
        var frame = Frame(rows: rows, columns: columns)
        let lines = ["Terminal too small", "need \(ScreenLayout.minimumColumns)×\(ScreenLayout.minimumRows), have \(columns)×\(rows)", "q quits"]
        for (i, line) in lines.enumerated() {
            let row = max(0, rows / 2 - 1 + i)
            frame.put(row, max(0, (columns - DisplayWidth.of(line)) / 2), [Span(line, i == 0 ? .bold : [])], width: columns)
        }
        return frame
    }

    // MARK: Question line

    private func drawQuestion(_ state: AppState, _ rect: Rect, _ frame: inout Frame) {
        let focused = state.focus == .question && state.prompt == nil && !state.showHelp
        let label = "Ask › "
        let available = max(1, rect.width - DisplayWidth.of(label) - 1)
        // Scroll horizontally so the cursor stays visible.
        let characters = state.editor.characters
        var start = 0
        while DisplayWidth.of(String(characters[start..<state.editor.cursor])) > available - 1 { start += 1 }
        let visible = DisplayWidth.prefix(String(characters[start...]), fitting: available)
        let placeholder = characters.isEmpty && !focused ? "type a question and press Enter (Esc, then ? for help)" : ""
        frame.put(rect.row, 0, [Span(label, .bold, focused ? .accent : .muted), Span(visible), Span(placeholder, .dim, .muted)], width: rect.width)
        if focused {
            frame.cursor = (rect.row, DisplayWidth.of(label) + DisplayWidth.of(String(characters[start..<state.editor.cursor])))
        }
    }

    // MARK: Answers

    private func drawAnswers(_ state: AppState, _ rect: Rect, _ frame: inout Frame) {
        let focused = state.focus == .answers
        var title = " Answers"
        if case let .answering(read, total)? = state.activity {
            title += total > 0 ? " · reading \(read)/\(total) passages" : " · searching"
        } else if let set = state.answerSet, set.noAnswerFound, !set.answers.isEmpty {
            title += " · not in these documents? best guesses"
        }
        drawTitle(title + " ", rect, focused, &frame)
        let listHeight = rect.height - 1
        guard listHeight > 0 else { return }
        if state.answers.isEmpty {
            let hint = state.activity != nil ? "…" : (state.answerSet == nil ? "Answers appear here." : (state.message ?? "No answer found."))
            frame.put(rect.row + 1, rect.column + 1, [Span(hint, .dim, .muted)], width: rect.width - 1)
            return
        }
        let first = max(0, min(state.selected - listHeight + 1, state.answers.count - listHeight))
        for (offset, answer) in state.answers.enumerated().dropFirst(first).prefix(listHeight) {
            let row = rect.row + 1 + offset - first
            let chosen = offset == state.selected
            let percent = Int((answer.confidence * 100).rounded())
            let filled = Int((answer.confidence * 5).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 5 - filled)
            let document = (answer.locations[0].documentPath as NSString).lastPathComponent
            let more = answer.locations.count > 1 ? " +\(answer.locations.count - 1)" : ""
            let rank = String(format: "%2d ", offset + 1)
            let textStyle: Style = chosen ? (focused ? [.reverse, .bold] : [.bold]) : []
            // The answer gets the room left after the fixed columns and (up to a third of the
            // width) the document's name.
            let source = "  \(document)\(more)"
            let guess = answer.belowNullScore ? " (guess)" : ""
            let fixed = 1 + DisplayWidth.of(rank) + 5 + 6 + DisplayWidth.of(guess)
            // In a narrow pane the answer wins; the viewer's title names the document anyway.
            var sourceWidth = min(DisplayWidth.of(source), rect.width / 3)
            if rect.width - fixed - sourceWidth < 24 { sourceWidth = 0 }
            var text = answer.text.replacingOccurrences(of: "\n", with: " ")
            let room = max(4, rect.width - fixed - sourceWidth)
            if DisplayWidth.of(text) > room { text = DisplayWidth.prefix(text, fitting: room - 1) + "…" }
            frame.put(row, rect.column, [
                Span(chosen ? "›" : " ", .bold, .accent), Span(rank, [], .muted), Span(bar, [], answer.belowNullScore ? .muted : .bar),
                Span(String(format: " %3d%% ", percent)), Span(text, textStyle), Span(guess, .dim, .muted),
                Span(DisplayWidth.prefix(source, fitting: sourceWidth), .dim, .muted),
            ], width: rect.width)
        }
    }

    // MARK: Viewer

    private func wrapped(_ text: String, width: Int) -> [WrappedLine] {
        if let cache = wrapCache, cache.width == width, cache.text == text { return cache.lines }
        let lines = TextWrapper.wrap(text, width: width)
        wrapCache = (text, width, lines)
        return lines
    }

    private func drawViewer(_ state: inout AppState, _ rect: Rect, _ frame: inout Frame) {
        let focused = state.focus == .viewer
        let column = rect.column
        guard var viewer = state.viewer else {
            drawTitle(" Document ", rect, focused, &frame)
            let hint = state.documents == 0 && state.activity == nil
                ? "No documents indexed in \(state.folder). Press : to open another folder."
                : "The chosen answer is shown here, highlighted in its document."
            frame.put(rect.row + 1, column + 1, [Span(hint, .dim, .muted)], width: rect.width - 1)
            state.viewerHeight = max(1, rect.height - 1)
            return
        }
        let height = max(1, rect.height - 1)
        let textWidth = max(1, rect.width - 1)
        let lines = wrapped(viewer.text, width: textWidth)
        state.viewerHeight = height
        // Reveal the current match or the highlight about a third of the way down.
        if viewer.revealHighlight, let target = viewer.currentMatch.map({ viewer.matches[$0] }) ?? viewer.highlight {
            let line = lines.firstIndex { $0.range.upperBound > target.lowerBound || $0.range.contains(target.lowerBound) } ?? 0
            viewer.topLine = max(0, line - height / 3)
            viewer.revealHighlight = false
        }
        viewer.topLine = min(viewer.topLine, max(0, lines.count - height))
        state.viewer = viewer
        let position = lines.isEmpty ? "" : " \(min(100, (viewer.topLine + height) * 100 / max(1, lines.count)))%"
        drawTitle(" \(viewer.documentPath)\(position) ", rect, focused, &frame)
        var marks: [(Range<Int>, Style, ColorRole)] = []
        for (i, match) in viewer.matches.enumerated() {
            marks.append((match, i == viewer.currentMatch ? [.reverse, .underline] : [.underline], .accent))
        }
        if let highlight = viewer.highlight { marks.append((highlight, [.reverse, .bold], .highlight)) }
        for (offset, line) in lines.dropFirst(viewer.topLine).prefix(height).enumerated() {
            frame.put(rect.row + 1 + offset, column + 1, spans(for: line, marks: marks), width: textWidth)
        }
    }

    /// Splits a wrapped line at the marks' boundaries (later marks win where they overlap).
    func spans(for line: WrappedLine, marks: [(Range<Int>, Style, ColorRole)]) -> [Span] {
        let relevant = marks.filter { $0.0.overlaps(line.range) || ($0.0.isEmpty && line.range.contains($0.0.lowerBound)) }
        guard !relevant.isEmpty else { return [Span(line.text)] }
        var result: [Span] = []
        var current = Span("")
        var offset = line.range.lowerBound
        for character in line.text {
            var style: Style = []
            var color = ColorRole.plain
            for mark in relevant where mark.0.contains(offset) {
                style = mark.1
                color = mark.2
            }
            if style != current.style || color != current.color {
                if !current.text.isEmpty { result.append(current) }
                current = Span("", style, color)
            }
            current.text.append(character)
            offset += character.unicodeScalars.count
        }
        if !current.text.isEmpty { result.append(current) }
        return result
    }

    // MARK: Status line and help

    private func drawStatus(_ state: AppState, _ rect: Rect, _ frame: inout Frame) {
        if let prompt = state.prompt {
            let label = prompt == .search ? "Search: " : "Open folder: "
            let text = state.promptEditor.text
            frame.put(rect.row, 0, [Span(label, .bold, .accent), Span(text)], width: rect.width)
            frame.cursor = (rect.row, DisplayWidth.of(label) + DisplayWidth.of(String(state.promptEditor.characters[..<state.promptEditor.cursor])))
            return
        }
        var left: String
        switch state.activity {
        case let .indexing(done, total, speed)?:
            left = String(format: " indexing %d/%d files · %.1f MB/s · Ctrl-C cancels", done, total, speed)
        case let .answering(read, total)?:
            left = " reading \(read)/\(total) passages · Ctrl-C cancels"
        case nil:
            // The folder by name (its full path is in the open-folder prompt, `:`).
            let folder = (state.folder as NSString).lastPathComponent
            left = " \(folder) · \(state.documents) documents · \(state.passages) passages"
            if let seconds = state.lastQuestionSeconds { left += String(format: " · answered in %.2f s", seconds) }
            left += " · \(state.modelName)"
        }
        // In the question line, ? and q are text: say how to get out instead.
        let hints = state.focus == .question ? " Enter ask · Esc: keys " : " ? help · Tab pane · q quit "
        if let message = state.message {
            frame.put(rect.row, 0, [Span(" " + message + " ", [.reverse, .bold], state.messageIsError ? .error : .accent)], width: rect.width)
            let used = DisplayWidth.of(frame.text(rect.row))
            if used + DisplayWidth.of(hints) < rect.width {
                frame.put(rect.row, used, [Span(String(repeating: " ", count: rect.width - used - DisplayWidth.of(hints)) + hints, .reverse)], width: rect.width - used)
            }
            return
        }
        let room = rect.width - DisplayWidth.of(hints)
        if room > 10 {
            left = DisplayWidth.prefix(left, fitting: room)
            left += String(repeating: " ", count: room - DisplayWidth.of(left))
            frame.put(rect.row, 0, [Span(left, .reverse), Span(hints, [.reverse, .bold])], width: rect.width)
        } else {
            frame.put(rect.row, 0, [Span(left + String(repeating: " ", count: rect.width), .reverse)], width: rect.width)
        }
    }

    private func drawTitle(_ title: String, _ rect: Rect, _ focused: Bool, _ frame: inout Frame) {
        let rule = String(repeating: "─", count: max(0, rect.width - DisplayWidth.of(title) - 1))
        frame.put(rect.row, rect.column, [Span("─", [], focused ? .accent : .muted), Span(title, focused ? [.bold, .reverse] : .bold, focused ? .accent : .plain),
                                          Span(rule, [], focused ? .accent : .muted)], width: rect.width)
    }

    private func drawHelp(rows: Int, columns: Int, _ frame: inout Frame) {
        let entries = KeyTable.helpLines
        let keyWidth = entries.map { DisplayWidth.of($0.keys) }.max() ?? 10
        let lines = entries.map { $0.keys.isEmpty ? $0.help : "  " + $0.keys + String(repeating: " ", count: keyWidth - DisplayWidth.of($0.keys)) + "  " + $0.help }
        let width = min(columns - 2, (lines.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let height = min(rows, lines.count + 2)
        let top = max(0, (rows - height) / 2)
        let left = max(0, (columns - width) / 2)
        for row in top..<top + height {
            // Overwrite the rows the box covers: clear, then draw the box line.
            frame.lines[row] = Array(frame.lines[row].prefix(0))
            frame.put(row, 0, [Span(String(repeating: " ", count: left))], width: columns)
        }
        let title = " Keys — any key closes "
        frame.put(top, left, [Span("┌" + title + String(repeating: "─", count: max(0, width - 2 - DisplayWidth.of(title))) + "┐", .bold, .accent)], width: width)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            let padded = DisplayWidth.prefix(line, fitting: width - 4)
            let isTitle = entries[i].keys.isEmpty
            frame.put(top + 1 + i, left, [Span("│ ", [], .accent), Span(padded + String(repeating: " ", count: max(0, width - 4 - DisplayWidth.of(padded))), isTitle ? [.bold, .underline] : [], isTitle ? .accent : .plain), Span(" │", [], .accent)], width: width)
        }
        frame.put(top + height - 1, left, [Span("└" + String(repeating: "─", count: width - 2) + "┘", [], .accent)], width: width)
    }
}
