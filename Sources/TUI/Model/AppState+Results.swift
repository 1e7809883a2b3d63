import Answering
import Documents
import Foundation
import Retrieval

/// Results from the background (answers, index runs, vectors, failures) and how they change
/// the state; each carries the identity of its question or folder, and stale ones are dropped.
extension AppState {
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
        status = nil
    }

    /// New or updated answers (they stream in while passages are read). Results of another
    /// question (`job`), and snapshots older than the one shown (worker threads post them
    /// out of order), are dropped. Answers with a non-finite score or confidence are never shown.
    /// `followingUp`: the question the answers followed up on (the status line says so).
    public mutating func receive(_ incoming: AnswerSet, documentTexts texts: [String: String], job: Int, retriever: RetrieverKind? = nil,
                                 followingUp: PreviousQuestion? = nil) {
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
        self.followingUp = followingUp
        if final {
            finishQuestion(set)
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

    /// The final answers of a question: the work is done, and the status line says how it
    /// ended (cancelled, nothing found, only guesses) and that q now quits if it was asked.
    private mutating func finishQuestion(_ set: AnswerSet) {
        activity = nil
        cancelling = false
        questionPending = false
        lastQuestionSeconds = set.seconds
        if set.answers.isEmpty, set.cancelled {
            status = .info("cancelled")
        } else if set.answers.isEmpty {
            viewer = nil
            status = .error(emptyResultMessage(set))
        } else if set.noAnswerFound {
            status = .error("the documents don't seem to answer this: these are best guesses")
        } else {
            status = set.cancelled ? .info("cancelled: answers from \(set.passagesRead) of \(set.passagesTotal) passages") : nil
        }
        if !set.answers.isEmpty, !set.cancelled { previousQuestion = PreviousQuestion(set) }
        if let followingUp {
            let line = Self.followingUpLine(followingUp)
            status = status.map { StatusMessage($0.text + " · " + line, isError: $0.isError) } ?? .info(line)
        }
        if quitArmedBy == .character("q") {
            // The question q asked about has finished: nothing is lost by quitting now,
            // and the question is no longer there to confirm.
            quitArmedBy = nil
            status = .info("the answers arrived; q quits")
        }
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
    /// `waitingFor`: what the file being read waits for (`IndexProgress.activity`: OCR pages).
    public mutating func receiveIndexProgress(filesDone: Int, filesTotal: Int, megabytesPerSecond: Double, generation: Int,
                                              waitingFor: String? = nil) {
        guard generation == folderGeneration else { return }
        indexWaitingFor = waitingFor
        // A question waiting for the index shows the index's progress until it is read.
        if case let .answering(_, total)? = activity, total > 0 { return }
        activity = .indexing(filesDone: filesDone, filesTotal: filesTotal, megabytesPerSecond: megabytesPerSecond)
    }

    /// The end of an index run. `quietWhenUnchanged`: the check before a question says
    /// nothing when nothing changed.
    public mutating func receiveIndexed(_ summary: IndexSummary, generation: Int, quietWhenUnchanged: Bool = false) {
        if generation == folderGeneration { indexWaitingFor = nil }
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
        status = StatusMessage(summary.notice.map { $0 + " · " + line } ?? line, isError: summary.cancelled)
    }

    /// Where the passage vectors stand (computed in the background after indexing), for a
    /// folder generation (other generations are stale). That there are none is said once.
    public mutating func receiveVectors(_ status: VectorStatus, generation: Int) {
        guard generation == folderGeneration else { return }
        if case let .unavailable(reason, _) = status, !vectors.isUnavailable, self.status?.isError != true {
            // Beside the index run's summary when that is still shown (an error shown stays
            // alone); the = overlay has the details.
            let line = "\(reason): answers use BM25 only (= says why)"
            self.status = .info((self.status?.text).map { $0 + " · " + line } ?? line)
        }
        vectors = status
    }

    /// A failure of background work (for the current folder).
    public mutating func receiveFailure(_ text: String, generation: Int) {
        guard generation == folderGeneration else { return }
        activity = nil
        cancelling = false
        status = .error(text)
    }
}
