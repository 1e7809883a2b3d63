import Answering
import Documents
import Foundation

/// The selected answer, its places and the document viewer: moving through answers and
/// places, scrolling, searching the open document, and handing a place to the editor,
/// pager or clipboard.
extension AppState {
    mutating func select(_ index: Int) {
        guard !answers.isEmpty else { return }
        let next = min(max(0, index), answers.count - 1)
        selectionTouched = true
        if next != selected { place = 0 }
        selected = next
        openSelectedAnswer()
    }

    /// The place of the selected answer the viewer shows, resolved.
    public var selectedPlace: AnswerPlace? {
        guard selected < answers.count else { return nil }
        let answer = answers[selected]
        guard !answer.locations.isEmpty else { return nil }
        let location = answer.locations[min(place, answer.locations.count - 1)]
        let position = documentTexts[location.documentPath].map { TextPositions.position(of: location.range.lowerBound, in: $0) }
        return AnswerPlace(answerText: answer.text, documentPath: location.documentPath, range: location.range, position: position,
                           cell: location.cell)
    }

    mutating func stepPlace(by step: Int) {
        guard selected < answers.count else { return }
        let count = answers[selected].locations.count
        guard count > 1 else {
            status = answers.isEmpty ? nil : .info("this answer was found in one place only")
            return
        }
        place = (place + step + count) % count
        openSelectedAnswer()
        status = .info("place \(place + 1) of \(count) of “\(ControlCharacters.spaced(answers[selected].text))”")
    }

    /// Shows the selected answer's current place in its document, highlighted.
    public mutating func openSelectedAnswer() {
        guard selected < answers.count, !answers[selected].locations.isEmpty else { return }
        let answer = answers[selected]
        place = min(place, answer.locations.count - 1)
        let location = answer.locations[place]
        let documentText = documentTexts[location.documentPath]
        let text = documentText ?? answer.context
        let highlight = documentText == nil ? answer.contextRange : location.range
        // The position is found by the renderer, which keeps each document's line starts.
        var next = ViewerState(documentPath: location.documentPath, text: text, highlight: highlight)
        next.positionKnown = documentText != nil
        if documentText != nil {
            next.row = location.row
            next.cell = location.cell
        }
        if let viewer, viewer.documentPath == next.documentPath, !viewer.searchTerm.isEmpty {
            next.searchTerm = viewer.searchTerm
            next.matches = viewer.matches
        }
        viewer = next
    }

    mutating func scroll(by lines: Int) {
        guard viewer != nil else { return }
        viewer!.revealHighlight = false
        viewer!.topLine = max(0, viewer!.topLine &+ lines)  // clamped at layout
    }

    /// Case-insensitive search of the open document.
    public mutating func search(_ term: String) {
        guard var viewer else { return }
        viewer.searchTerm = term
        viewer.matches = []
        viewer.currentMatch = nil
        if !term.isEmpty {
            let text = viewer.text
            var start = text.startIndex
            var offset = 0
            var offsetIndex = text.startIndex
            while let found = text.range(of: term, options: [.caseInsensitive, .diacriticInsensitive], range: start..<text.endIndex) {
                offset += text.unicodeScalars.distance(from: offsetIndex, to: found.lowerBound)
                offsetIndex = found.lowerBound
                let length = text.unicodeScalars.distance(from: found.lowerBound, to: found.upperBound)
                viewer.matches.append(offset..<offset + length)
                start = found.upperBound
                if viewer.matches.count >= 10_000 { break }
            }
        }
        self.viewer = viewer
        if viewer.matches.isEmpty {
            status = term.isEmpty ? nil : .error("“\(term)” not found in \(viewer.documentPath)")
        } else {
            // Start from the first match after the highlighted answer.
            let anchor = viewer.highlight?.lowerBound ?? 0
            let first = viewer.matches.firstIndex { $0.lowerBound >= anchor } ?? 0
            setMatch(first)
        }
    }

    mutating func moveMatch(by step: Int) {
        guard let viewer, !viewer.matches.isEmpty else { return }
        let count = viewer.matches.count
        setMatch(((viewer.currentMatch ?? -step) + step + count) % count)
    }

    private mutating func setMatch(_ index: Int) {
        guard viewer != nil else { return }
        viewer!.currentMatch = index
        viewer!.revealHighlight = true
        status = .info("match \(index + 1) of \(viewer!.matches.count) for “\(viewer!.searchTerm)”")
    }

    /// PgDn / PgUp in the answers list: a page of answers.
    mutating func selectPage(by pages: Int) {
        select(selected + pages * max(1, answersPageSize - 1))
    }

    /// Enter or o on an answer: its place in the viewer, focused.
    mutating func goToAnswer() {
        guard !answers.isEmpty else { return }
        openSelectedAnswer()
        focus = .viewer
    }

    /// n / N: the next search match in the viewer once there are some, else the next answer.
    mutating func nextAnswerOrMatch(by step: Int) {
        if focus == .viewer, let viewer, !viewer.matches.isEmpty {
            moveMatch(by: step)
        } else {
            select(selected + step)
        }
    }

    /// PgDn / PgUp in the document: a page, keeping two lines of context.
    mutating func scrollPage(by pages: Int) {
        scroll(by: pages * max(1, viewerHeight - 2))
    }

    mutating func scrollToTop() {
        viewer?.topLine = 0
        viewer?.revealHighlight = false
    }

    // MARK: Hand-off

    /// v / e / p: the selected place for the editor or the pager (`effect`).
    mutating func handOff(_ effect: (AnswerPlace) -> Effect) -> [Effect] {
        guard let place = selectedPlace else {
            status = .info("no answer to open yet: ask a question first")
            return []
        }
        return [effect(place)]
    }

    /// y: the answer and its citation on the clipboard, as the CLI cites a place.
    mutating func copyAnswer() -> [Effect] {
        guard let place = selectedPlace else {
            status = .info("no answer to copy yet")
            return []
        }
        let citation = "\"\(ControlCharacters.spaced(place.answerText))\" — \(place.citation(path: citationPath(place.documentPath)))"
        status = .info("copied \(citation) (OSC 52)")
        return [.copy(citation)]
    }
}
