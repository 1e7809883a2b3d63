import Answering
import Documents
import Foundation

/// Draws an `AppState` into a `Frame` for a terminal size. Also settles the viewer's scroll
/// position (revealing the highlight, clamping to the document), which depends on the width.
public final class ScreenRenderer {
    private var wrapCache: (text: String, width: Int, lines: [WrappedLine])?

    /// Line starts of the documents answers come from, found once per document text.
    private var positionsCache: [String: (text: String, positions: TextPositions)] = [:]

    public init() {}

    func positions(of path: String, text: String) -> TextPositions {
        // Equal texts compare their storage first, so the check is cheap for the same string.
        if let cached = positionsCache[path], cached.text == text { return cached.positions }
        if positionsCache.count > 64 { positionsCache.removeAll() }
        let positions = TextPositions(text)
        positionsCache[path] = (text, positions)
        return positions
    }

    public func render(_ state: inout AppState, rows: Int, columns: Int) -> Frame {
        var frame = Frame(rows: rows, columns: columns)
        // The list's rows depend on its width, which is the whole width when stacked.
        let stackedRows = columns < ScreenLayout.sideBySideColumns
            ? AnswerList(answers: state.answers, selected: state.selected, width: columns, focused: state.focus == .answers).rows().count : state.answers.count
        guard let layout = ScreenLayout(rows: rows, columns: columns, answerCount: stackedRows) else {
            state.hitMap = HitMap()
            return tooSmall(rows: rows, columns: columns)
        }
        state.hitMap = HitMap(question: layout.question, answers: layout.answers, viewer: layout.viewer)
        drawQuestion(state, layout.question, &frame)
        drawAnswers(&state, layout.answers, &frame)
        drawViewer(&state, layout.viewer, &frame)
        drawStatus(state, layout.status, &frame)
        if state.overlay != nil { drawOverlay(&state, rows: rows, columns: columns, &frame) }
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
        let focused = state.focus == .question && state.prompt == nil && state.overlay == nil
        // The mode shows in the label: typing ("Ask ›", bright, with a cursor) or browsing,
        // where single keys are commands.
        let scope = state.scope.isWholeFolder ? "" : "in " + DisplayWidth.prefix(state.scopeLabel, fitting: max(8, rect.width / 3)) + (state.isBrowsing ? " · " : " › ")
        let label = (state.isBrowsing ? "Ask · " : "Ask › ") + scope
        let labelWidth = DisplayWidth.of(label)
        let available = max(1, rect.width - labelWidth - 1)
        // Scroll horizontally so the cursor stays visible: walk back from the cursor, so the
        // cost is the visible width, not the line's length.
        let characters = state.editor.characters
        var start = state.editor.cursor
        var used = 0
        while start > 0 {
            let w = DisplayWidth.of(characters[start - 1])
            if used + w > available - 1 { break }
            used += w
            start -= 1
        }
        let visible = DisplayWidth.prefix(ControlCharacters.spaced(String(characters[start...])), fitting: available)
        var spans = [Span(label, .bold, focused ? .accent : .muted), Span(visible, state.isBrowsing ? .dim : [])]
        if characters.isEmpty {
            spans.append(Span(focused ? "type a question and press Enter · Esc browses · ? in browse mode helps" : "type a question: letters start one",
                              .dim, .muted))
        } else if state.isBrowsing {
            let hint = "  (browsing: type to ask anew, Tab edits)"
            if DisplayWidth.of(visible) + DisplayWidth.of(hint) < available { spans.append(Span(hint, .dim, .muted)) }
        }
        frame.put(rect.row, 0, spans, width: rect.width)
        if focused {
            frame.cursor = (rect.row, labelWidth + used)
        }
    }

    // MARK: Answers

    private func drawAnswers(_ state: inout AppState, _ rect: Rect, _ frame: inout Frame) {
        let focused = state.focus == .answers
        var title = " Answers"
        if case let .answering(read, total)? = state.activity {
            title += total > 0 ? " · reading \(read)/\(total) passages" : " · searching"
        } else if let set = state.answerSet, set.noAnswerFound, !set.answers.isEmpty {
            title += " · not in these documents? best guesses"
        } else if !state.answers.isEmpty {
            title += " · \(state.answers.count)"
        }
        // A model without calibration.json has scores, not probabilities: the percentages say so.
        if state.activity == nil, state.answers.first?.percentIsScore == true {
            title += " · % = score, not probability"
        }
        drawTitle(title + " ", rect, focused, &frame)
        let listHeight = rect.height - 1
        let ownRows = AnswerList.prefersOwnRows(width: rect.width, height: listHeight, answerCount: state.answers.count)
        state.answersPageSize = max(1, ownRows ? listHeight / 2 : listHeight)
        guard listHeight > 0 else { return }
        if state.answers.isEmpty {
            let hint = state.activity != nil ? "…" : (state.answerSet == nil ? "Answers appear here." : (state.status?.text ?? "No answer found."))
            for (i, line) in TextWrapper.wrap(hint, width: max(1, rect.width - 2)).prefix(listHeight).enumerated() {
                frame.put(rect.row + 1 + i, rect.column + 1, [Span(line.text, .dim, .muted)], width: rect.width - 1)
            }
            return
        }
        var list = AnswerList(answers: state.answers, selected: state.selected, width: rect.width, focused: focused, documentsOnTheirOwnRow: ownRows)
        for (index, answer) in state.answers.enumerated() {
            guard let place = answer.locations.first, let text = state.documentTexts[place.documentPath] else { continue }
            list.lines[index] = positions(of: place.documentPath, text: text).position(at: place.range.lowerBound).line
        }
        let rows = list.rows()
        let first = AnswerList.firstVisibleRow(rows, selected: state.selected, height: listHeight)
        for (offset, row) in rows.dropFirst(first).prefix(listHeight).enumerated() {
            frame.put(rect.row + 1 + offset, rect.column, row.spans, width: rect.width)
            state.hitMap.answerRows[rect.row + 1 + offset] = row.answerIndex
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
        settleScroll(&viewer, lines: lines, height: height, textWidth: textWidth)
        state.viewer = viewer
        drawTitle(viewerTitle(state, viewer, lines: lines.count, height: height, width: rect.width), rect, focused, &frame)
        var marks: [(Range<Int>, Style, ColorRole)] = []
        for (i, match) in viewer.matches.enumerated() {
            marks.append((match, i == viewer.currentMatch ? [.reverse, .underline] : [.underline], .accent))
        }
        if let row = viewer.row { marks.append((row, [.bold], .highlight)) }
        if let highlight = viewer.highlight { marks.append((highlight, [.reverse, .bold], .highlight)) }
        for (offset, line) in lines.dropFirst(viewer.topLine).prefix(height).enumerated() {
            frame.put(rect.row + 1 + offset, column + 1, spans(for: line, marks: marks), width: textWidth)
        }
    }

    /// Where the viewer's text starts on screen, for this width and height: the highlight
    /// (or the current match) revealed when asked, the same text kept in view across a resize,
    /// clamped to the document; the layout memory and the highlight's position updated.
    func settleScroll(_ viewer: inout ViewerState, lines: [WrappedLine], height: Int, textWidth: Int) {
        func lineIndex(of offset: Int) -> Int {
            // Binary search: the last line starting at or before the offset.
            var low = 0
            var high = lines.count
            while low < high {
                let middle = (low + high) / 2
                if lines[middle].range.lowerBound <= offset { low = middle + 1 } else { high = middle }
            }
            return max(0, low - 1)
        }
        if viewer.revealHighlight, let target = viewer.currentMatch.map({ viewer.matches[$0] }) ?? viewer.highlight {
            // Reveal the current match or the highlight about a third of the way down.
            viewer.topLine = max(0, lineIndex(of: target.lowerBound) - height / 3)
            viewer.revealHighlight = false
        } else if viewer.laidOutWidth != 0, viewer.laidOutWidth != textWidth || viewer.laidOutHeight != height {
            // A resize: keep the same text at the top, and the highlight in view if it was.
            viewer.topLine = lineIndex(of: viewer.anchorOffset)
            if viewer.highlightWasVisible, let highlight = viewer.highlight {
                let line = lineIndex(of: highlight.lowerBound)
                if line < viewer.topLine || line >= viewer.topLine + height { viewer.topLine = max(0, line - height / 3) }
            }
        }
        viewer.topLine = min(viewer.topLine, max(0, lines.count - height))
        viewer.laidOutWidth = textWidth
        viewer.laidOutHeight = height
        viewer.anchorOffset = lines.isEmpty ? 0 : lines[min(viewer.topLine, lines.count - 1)].range.lowerBound
        if let highlight = viewer.highlight {
            let line = lineIndex(of: highlight.lowerBound)
            viewer.highlightWasVisible = line >= viewer.topLine && line < viewer.topLine + height
        }
        if viewer.position == nil, viewer.positionKnown, let highlight = viewer.highlight {
            viewer.position = positions(of: viewer.documentPath, text: viewer.text).position(at: highlight.lowerBound)
        }
    }

    /// " docs/kenya.txt:14:52 · 2/3 places · 35% ", or " report.pdf · p. 12 · 35% ": the place
    /// as editors count it (" stock.xlsx:5:25 Stock!B3" in a table), the path middle-shortened
    /// to fit.
    func viewerTitle(_ state: AppState, _ viewer: ViewerState, lines: Int, height: Int, width: Int) -> String {
        var tail = ""
        if let position = viewer.position {
            tail = viewer.isPaged ? " · p. \(position.page)" : ":\(position.line):\(position.column)"
        }
        tail += Citation.cellSuffix(viewer.cell)
        if state.selected < state.answers.count, state.answers[state.selected].locations.count > 1 {
            tail += " · place \(state.place + 1)/\(state.answers[state.selected].locations.count)"
        }
        if lines > height { tail += " · \(min(100, (viewer.topLine + height) * 100 / max(1, lines)))%" }
        let path = ControlCharacters.spaced(viewer.documentPath)
        let room = max(8, width - 4 - DisplayWidth.of(tail))
        return " " + DisplayWidth.middleTruncated(path, fitting: room) + tail + " "
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

    // MARK: Status line and overlays

    private func drawStatus(_ state: AppState, _ rect: Rect, _ frame: inout Frame) {
        if let prompt = state.prompt { return drawPrompt(prompt, state.promptEditor, rect, &frame) }
        let mode = state.isBrowsing ? " BROWSE " : " TYPE "
        // Typing, ? and q are text: say how to get to the commands instead.
        let hints = state.isBrowsing ? " type to ask · ? help · q quit " : " Enter ask · Esc browse · ^C^C quit "
        let modeSpan = Span(mode, [.bold], state.isBrowsing ? .muted : .accent)
        if let message = state.status {
            let text = ControlCharacters.spaced(message.text)
            frame.put(rect.row, 0, [modeSpan, Span(" " + text + " ", [.reverse, .bold], message.isError ? .error : .accent)], width: rect.width)
            let used = DisplayWidth.of(frame.text(rect.row))
            if used + DisplayWidth.of(hints) < rect.width {
                frame.put(rect.row, used, [Span(String(repeating: " ", count: rect.width - used - DisplayWidth.of(hints)) + hints, .reverse)], width: rect.width - used)
            }
            return
        }
        let left = statusText(state)
        let room = rect.width - DisplayWidth.of(hints) - DisplayWidth.of(mode)
        if room > 10 {
            let fitted = DisplayWidth.padded(DisplayWidth.truncated(left, fitting: room), to: room)
            frame.put(rect.row, 0, [modeSpan, Span(fitted, .reverse), Span(hints, [.reverse, .bold])], width: rect.width)
        } else {
            frame.put(rect.row, 0, [modeSpan, Span(left + String(repeating: " ", count: rect.width), .reverse)], width: rect.width)
        }
    }

    /// The search or folder prompt in the status line, scrolled so the cursor shows.
    private func drawPrompt(_ prompt: Prompt, _ editor: LineEditor, _ rect: Rect, _ frame: inout Frame) {
        let label = switch prompt {
        case .search: "Search: "
        case .folder: "Open folder: "
        case .scope: "Ask within (--in patterns; empty: the whole folder): "
        }
        let room = max(1, rect.width - DisplayWidth.of(label) - 1)
        var start = editor.cursor
        var used = 0
        while start > 0, used + DisplayWidth.of(editor.characters[start - 1]) <= room - 1 {
            used += DisplayWidth.of(editor.characters[start - 1])
            start -= 1
        }
        frame.put(rect.row, 0, [Span(label, .bold, .accent), Span(ControlCharacters.spaced(String(editor.characters[start...])))], width: rect.width)
        frame.cursor = (rect.row, DisplayWidth.of(label) + used)
    }

    /// The status line's text when no message is shown: the running work, or the folder.
    func statusText(_ state: AppState) -> String {
        switch state.activity {
        case let .indexing(done, total, speed)?:
            let waiting = state.indexWaitingFor.map { " · " + ControlCharacters.spaced($0) } ?? ""
            return String(format: " indexing %d/%d files · %.1f MB/s", done, total, speed) + waiting + " · Ctrl-C stops"
        case let .answering(read, total)?:
            return " reading \(read)/\(total) passages · Ctrl-C cancels"
        case nil:
            // The folder by name (its full path is in the = overlay).
            let folder = (state.folder as NSString).lastPathComponent
            // The retriever and the vectors' progress first: they change, and a narrow
            // terminal truncates the end of the line.
            var text = " \(folder) · \(state.vectors.statusText) · \(state.documents) documents · \(state.passages) passages"
            if state.indexPartial { text += " · index partial (r completes)" }
            if let seconds = state.lastQuestionSeconds { text += String(format: " · answered in %.2f s", seconds) }
            return text + " · \(state.modelName)"
        }
    }

    private func drawTitle(_ title: String, _ rect: Rect, _ focused: Bool, _ frame: inout Frame) {
        let rule = String(repeating: "─", count: max(0, rect.width - DisplayWidth.of(title) - 1))
        frame.put(rect.row, rect.column, [Span("─", [], focused ? .accent : .muted), Span(title, focused ? [.bold, .reverse] : .bold, focused ? .accent : .plain),
                                          Span(rule, [], focused ? .accent : .muted)], width: rect.width)
    }

    /// The help or information box: as wide as its text or the screen, the description
    /// column wrapped when narrow, scrolled by the overlay's position (clamped here).
    private func drawOverlay(_ state: inout AppState, rows: Int, columns: Int, _ frame: inout Frame) {
        guard var overlay = state.overlay else { return }
        let entries = overlay.kind == .help ? KeyTable.helpLines : state.infoLines
        let title = overlay.kind == .help ? " Keys — j/k scroll, any other key closes " : " Folder and index — j/k scroll, any other key closes "
        let width = max(20, columns - 2)
        let inner = width - 4
        let keyWidth = min(inner / 3, entries.filter { !$0.keys.isEmpty }.map { DisplayWidth.of($0.keys) }.max() ?? 10)
        var lines: [(text: String, isTitle: Bool)] = []
        for entry in entries {
            let isTitle = entry.keys.isEmpty && !entry.help.hasPrefix(" ")
            if entry.keys.isEmpty {
                if isTitle, !lines.isEmpty { lines.append(("", false)) }
                for line in TextWrapper.wrap(ControlCharacters.spaced(entry.help), width: inner) { lines.append((line.text, isTitle)) }
                continue
            }
            let keys = DisplayWidth.padded(DisplayWidth.truncated(entry.keys, fitting: keyWidth), to: keyWidth)
            let wrappedHelp = TextWrapper.wrap(ControlCharacters.spaced(entry.help), width: max(8, inner - keyWidth - 4))
            for (i, line) in wrappedHelp.enumerated() {
                lines.append(((i == 0 ? "  " + keys : String(repeating: " ", count: keyWidth + 2)) + "  " + line.text, false))
            }
        }
        let boxWidth = min(width, max(DisplayWidth.of(title) + 4, (lines.map { DisplayWidth.of($0.text) }.max() ?? 20) + 4))
        let height = min(rows, lines.count + 2)
        let visible = max(1, height - 2)
        overlay.pageHeight = visible
        overlay.scroll = min(overlay.scroll, max(0, lines.count - visible))
        state.overlay = overlay
        let top = max(0, (rows - height) / 2)
        let left = max(0, (columns - boxWidth) / 2)
        for row in top..<top + height {
            // Overwrite the rows the box covers: clear, then draw the box line.
            frame.lines[row] = []
            frame.put(row, 0, [Span(String(repeating: " ", count: left))], width: columns)
        }
        let shownTitle = DisplayWidth.truncated(title, fitting: boxWidth - 2)
        frame.put(top, left, [Span("┌" + shownTitle + String(repeating: "─", count: max(0, boxWidth - 2 - DisplayWidth.of(shownTitle))) + "┐", .bold, .accent)], width: boxWidth)
        for (i, line) in lines.dropFirst(overlay.scroll).prefix(visible).enumerated() {
            let padded = DisplayWidth.padded(line.text, to: boxWidth - 4)
            frame.put(top + 1 + i, left, [Span("│ ", [], .accent), Span(padded, line.isTitle ? [.bold, .underline] : [], line.isTitle ? .accent : .plain), Span(" │", [], .accent)], width: boxWidth)
        }
        // Where in the box we are, when it scrolls.
        let position = lines.count > visible ? " \(min(lines.count, overlay.scroll + visible))/\(lines.count) " : ""
        let rule = max(0, boxWidth - 2 - DisplayWidth.of(position))
        frame.put(top + height - 1, left, [Span("└" + String(repeating: "─", count: rule) + position + "┘", [], .accent)], width: boxWidth)
    }
}
