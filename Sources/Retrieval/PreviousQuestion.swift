/// The question a follow-up is asked after, and the document its answer came from (nil when it
/// had no answer): what `FollowUpRetriever` leans on.
public struct PreviousQuestion: Sendable, Equatable, Hashable {
    public var question: String
    /// The path (as the index shows it) of the document of the previous question's best answer.
    public var documentPath: String?

    public init(question: String, documentPath: String?) {
        self.question = question
        self.documentPath = documentPath
    }
}
