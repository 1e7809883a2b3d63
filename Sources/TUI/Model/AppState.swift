import Answering
import Documents
import Foundation
import Retrieval

/// The whole interface as plain data: keys change it (`handle`, AppState+Keys), the renderer
/// draws it, and the application feeds it results (AppState+Results). Nothing here touches
/// the terminal, so it is unit-tested. The methods are split by concern: +Keys (dispatch
/// through `KeyTable`, quitting), +Editing (the question line), +Viewer (selection, places,
/// scrolling, search), +Overlays (help, information, prompts), +Mouse, +Results, +Scope (where
/// questions are asked), +FollowUp.
public struct AppState: Equatable, Sendable {
    /// The reader reads 64 question tokens (BERT's SQuAD setting); English averages about 4
    /// characters per token, so 300 characters hold every token it will read, and a pasted
    /// page is refused at the line instead of being tokenised and thrown away.
    public static let questionLimit = 300

    // MARK: The folder

    public var folder: String
    /// The folder as citations show it (relative to the working directory when inside it).
    public var citationFolder: String
    public var modelName: String
    public var documents = 0
    public var passages = 0
    public var lastIndex: IndexSummary?
    public var indexPartial = false
    /// The folder's passage vectors, and so the retriever questions use.
    public var vectors = VectorStatus.waiting
    /// Whether the folder is watched for changes, in words (the = overlay shows it).
    public var watchStatus: String?

    // MARK: Input

    public var focus: Focus = .question
    public var editor = LineEditor(limit: AppState.questionLimit)
    public var history = QuestionHistory()
    public var prompt: Prompt?
    /// Where the next questions are asked (AppState+Scope).
    public var scope = QuestionScope.folder
    public var promptEditor = LineEditor()
    public var overlay: Overlay?
    /// The key that confirms a quit, once asked.
    public var quitArmedBy: Key?

    // MARK: Answers and the viewer

    public var answerSet: AnswerSet?
    /// The question the answers are for (the question line may have changed since).
    public var askedQuestion: String?
    /// Texts of the documents the answers come from.
    public var documentTexts: [String: String] = [:]
    public var selected = 0
    /// The user moved the selection: streamed answers keep it on the same answer.
    public var selectionTouched = false
    /// Which place of the selected answer the viewer shows (`]` / `[`).
    public var place = 0
    public var viewer: ViewerState?
    /// The retriever the shown answers came from ("BM25", "hybrid").
    public var answersRetriever: RetrieverKind?
    public var lastQuestionSeconds: Double?
    /// The last question answered and its best answer's document: the next question is asked
    /// after it (AppState+FollowUp).
    public var previousQuestion: PreviousQuestion?
    /// The question the shown answers followed up on (nil: asked afresh).
    public var followingUp: PreviousQuestion?

    // MARK: Background work

    public var activity: Activity?
    /// What the file being indexed waits for, when that is slow ("OCR page 2/12: scans/a.pdf"):
    /// shown after the indexing progress, so a long scan does not look like a hang.
    public var indexWaitingFor: String?
    public var cancelling = false
    /// A question was asked and its final answers have not arrived.
    public var questionPending = false
    /// Identity of the question being answered: results of any other are stale and dropped.
    public var questionJob = 0
    /// Identity of the folder shown: index results for another folder are dropped.
    public var folderGeneration = 0

    // MARK: The status line and layout memory

    public var status: StatusMessage?
    /// Lines the viewer and the answers list showed at the last layout (a page).
    public var viewerHeight = 10
    public var answersPageSize = 5
    public var hitMap = HitMap()

    public init(folder: String, modelName: String) {
        self.folder = folder
        self.citationFolder = folder
        self.modelName = modelName
    }

    public var answers: [Answer] { answerSet?.answers ?? [] }
    public var showHelp: Bool { overlay?.kind == .help }
    public var isBrowsing: Bool { focus != .question }

    /// A document path as citations show it: under the folder as the user named it.
    public func citationPath(_ documentPath: String) -> String {
        citationFolder.isEmpty || citationFolder == "." ? documentPath : (citationFolder as NSString).appendingPathComponent(documentPath)
    }
}
