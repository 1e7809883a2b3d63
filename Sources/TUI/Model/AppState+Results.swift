import Answering
import Documents
import Foundation

/// Answers, places and the viewer: how results from the background change the state.
extension AppState {
    // MARK: Selection and places

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
        return AnswerPlace(answerText: answer.text, documentPath: location.documentPath, range: location.range, position: position)
    }

    mutating func stepPlace(by step: Int) {
        guard selected < answers.count else { return }
        let count = answers[selected].locations.count
        guard count > 1 else {
            message = answers.isEmpty ? nil : "this answer was found in one place only"
            return
        }
        place = (place + step + count) % count
        openSelectedAnswer()
        message = "place \(place + 1) of \(count) of “\(Self.plain(answers[selected].text))”"
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
            message = term.isEmpty ? nil : "“\(term)” not found in \(viewer.documentPath)"
            messageIsError = !term.isEmpty
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
        message = "match \(index + 1) of \(viewer!.matches.count) for “\(viewer!.searchTerm)”"
        messageIsError = false
    }

    // MARK: Results from the background

    /// A new question starts: its results carry `job`; anything else still arriving is stale.
    public mutating func startedAsking(job: Int) {
        questionJob = job
        askedQuestion = editor.text.trimmingCharacters(in: .whitespaces)
        answerSet = nil
        selected = 0
        place = 0
        selectionTouched = false
        cancelling = false
        questionPending = true
        // The old answer's document would be stale next to a new question.
        viewer = nil
        activity = .answering(passagesRead: 0, passagesTotal: 0)
        message = nil
    }

    /// New or updated answers (they stream in while passages are read). Results of another
    /// question (`job`), and snapshots older than the one shown (worker threads post them
    /// out of order), are dropped. Answers with a non-finite score or confidence are never shown.
    public mutating func receive(_ incoming: AnswerSet, documentTexts texts: [String: String], job: Int, retriever: String? = nil) {
        guard job == questionJob else { return }
        let final = incoming.isComplete || incoming.cancelled
        if let current = answerSet {
            let currentFinal = current.isComplete || current.cancelled
            if currentFinal { return }  // nothing after the final result
            if !final, incoming.passagesRead < current.passagesRead { return }
        }
        var set = incoming
        set.answers = set.answers.filter(\.isShowable)
        let previous = selected < answers.count ? answers[selected] : nil
        documentTexts.merge(texts) { _, new in new }
        answerSet = set
        if let retriever { answersRetriever = retriever }
        if final {
            activity = nil
            cancelling = false
            questionPending = false

            lastQuestionSeconds = set.seconds
            if set.answers.isEmpty, set.cancelled {
                message = "cancelled"
                messageIsError = false
            } else if set.answers.isEmpty {
                viewer = nil
                message = emptyResultMessage(set)
                messageIsError = true
            } else if set.noAnswerFound {
                message = "the documents don't seem to answer this: these are best guesses"
                messageIsError = true
            } else {
                message = set.cancelled ? "cancelled: answers from \(set.passagesRead) of \(set.passagesTotal) passages" : nil
                messageIsError = false
            }
            if quitArmedBy == .character("q") {
                // The question q asked about has finished: nothing is lost by quitting now,
                // and the question is no longer there to confirm.
                quitArmedBy = nil
                message = "the answers arrived; q quits"
                messageIsError = false
            }
        } else {
            activity = .answering(passagesRead: set.passagesRead, passagesTotal: set.passagesTotal)
        }
        // Keep the selection on the same answer (not the same row) once the user moved it.
        if selectionTouched, let previous, let index = set.answers.firstIndex(where: { $0.text == previous.text }) {
            selected = index
        } else if !selectionTouched {
            selected = 0
        }
        selected = min(selected, max(0, set.answers.count - 1))
        guard !set.answers.isEmpty else { return }
        place = min(place, set.answers[selected].locations.count - 1)
        // The viewer follows the selected answer, unless it already shows it or the reader is
        // busy in it.
        let target = set.answers[selected].locations[place]
        let showing = viewer.map { $0.documentPath == target.documentPath && $0.highlight == target.range } ?? false
        if !showing, focus != .viewer || viewer == nil { openSelectedAnswer() }
    }

    /// A helpful line for a question without answers.
    func emptyResultMessage(_ set: AnswerSet) -> String {
        let question = set.question
        let letters = question.unicodeScalars.filter { $0.properties.isAlphabetic }
        let nonLatin = letters.filter { $0.value > 0x24F }.count
        let englishHint = !letters.isEmpty && nonLatin * 2 > letters.count ? " The model reads English only: ask in English." : ""
        if set.passagesTotal == 0 {
            return "No passage of the \(documents) documents contains the question's words: try other words or a synonym.\(englishHint)"
        }
        return "The reader found no answer in the \(set.passagesTotal) best passages: rephrase, or name the subject.\(englishHint)"
    }

    /// Indexing progress for a folder generation (other generations are stale).
    public mutating func receiveIndexProgress(filesDone: Int, filesTotal: Int, megabytesPerSecond: Double, generation: Int) {
        guard generation == folderGeneration else { return }
        // A question waiting for the index shows the index's progress until it is read.
        if case let .answering(_, total)? = activity, total > 0 { return }
        activity = .indexing(filesDone: filesDone, filesTotal: filesTotal, megabytesPerSecond: megabytesPerSecond)
    }

    /// The end of an index run. `quietWhenUnchanged`: the check before a question says
    /// nothing when nothing changed.
    public mutating func receiveIndexed(_ summary: IndexSummary, generation: Int, quietWhenUnchanged: Bool = false) {
        guard generation == folderGeneration else { return }
        if case .indexing = activity {
            // A question asked meanwhile is still to be answered.
            activity = questionPending ? .answering(passagesRead: 0, passagesTotal: 0) : nil
        }
        cancelling = false
        documents = summary.documents
        passages = summary.passages
        lastIndex = summary
        indexPartial = summary.cancelled
        if quietWhenUnchanged, !summary.changed, summary.notice == nil, !summary.cancelled { return }
        // A quiet run is one nobody asked for (a file changed): say why it ran.
        let line = (quietWhenUnchanged ? "folder changed — " : "") + summary.line
        message = summary.notice.map { $0 + " · " + line } ?? line
        messageIsError = summary.cancelled
    }

    /// Where the passage vectors stand (computed in the background after indexing), for a
    /// folder generation (other generations are stale). That there are none is said once.
    public mutating func receiveVectors(_ status: VectorStatus, generation: Int) {
        guard generation == folderGeneration else { return }
        if case let .unavailable(reason, _) = status, !vectors.isUnavailable, !messageIsError {
            // Beside the index run's summary when that is still shown (an error shown stays
            // alone); the = overlay has the details.
            let line = "\(reason): answers use BM25 only (= says why)"
            message = message.map { $0 + " · " + line } ?? line
        }
        vectors = status
    }

    /// A failure of background work (for the current folder).
    public mutating func receiveFailure(_ text: String, generation: Int) {
        guard generation == folderGeneration else { return }
        activity = nil
        cancelling = false
        message = text
        messageIsError = true
    }

    /// Lines of the information overlay (`=`): full paths, the last index run, skipped files.
    public var infoLines: [(keys: String, help: String)] {
        var lines: [(keys: String, help: String)] = [("", "Folder"), ("path", folder), ("model", modelName)]
        if let watchStatus { lines.append(("changes", watchStatus)) }
        lines.append(("retriever", vectors.explanation))
        if let answersRetriever, answerSet != nil { lines.append(("answers by", answersRetriever)) }
        if let viewer {
            lines += [("", "Document"), ("path", (folder as NSString).appendingPathComponent(viewer.documentPath))]
            if let position = viewer.position {
                lines.append(("answer at", "line \(position.line), column \(position.column)" + (viewer.isPaged ? ", page \(position.page)" : "")))
            }
        }
        if let index = lastIndex {
            lines += [("", "Last index run"), ("result", index.line),
                      ("files", "\(index.added) added, \(index.updated) updated, \(index.removed) removed, \(index.unchanged) unchanged"),
                      ("index", "\(index.documents) documents, \(index.passages) passages" + (index.cancelled ? " — partial" : ""))]
            if let notice = index.notice { lines.append(("notice", notice)) }
            lines.append(("", index.skipped.isEmpty ? "No file skipped" : "Skipped files (\(index.skipped.count))"))
            lines += index.skipped.map { ("", "  " + $0) }
        }
        return lines
    }
}
