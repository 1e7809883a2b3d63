import Documents

/// The open document: its text, the highlighted answer, search matches and the scroll position.
public struct ViewerState: Equatable, Sendable {
    public var documentPath: String
    public var text: String
    public var highlight: Range<Int>?
    /// The table row around the highlight (drawn marked, the answer stronger inside it) and its
    /// cell's name (`Stock!B3`, shown in the title), for an answer in a table.
    public var row: Range<Int>?
    public var cell: String?
    /// Where the highlight is (line, column, page), when the document's text is known; set
    /// at the first layout (`positionKnown` says whether it can be).
    public var position: TextPosition?
    public var positionKnown = false
    /// First visible wrapped line.
    public var topLine = 0
    /// Scroll to the highlight at the next layout (its line depends on the width).
    public var revealHighlight = true
    /// Layout memory, so a resize keeps the same text (and the highlight) in view: the width
    /// of the last layout, the offset its first visible line started at, and whether the
    /// highlight was on screen.
    public var laidOutWidth = 0
    public var laidOutHeight = 0
    public var anchorOffset = 0
    public var highlightWasVisible = false
    public var searchTerm = ""
    public var matches: [Range<Int>] = []
    public var currentMatch: Int?

    public init(documentPath: String, text: String, highlight: Range<Int>?, position: TextPosition? = nil) {
        self.documentPath = documentPath
        self.text = text
        self.highlight = highlight
        self.position = position
    }

    /// PDFs are cited by page.
    public var isPaged: Bool { DocumentFormat.isPaged(path: documentPath) }
}
