/// How much a follow-up leans on the question before it (`FollowUpRetriever`): a bonus for the
/// passages of the previous answer's document, and the weight of a second search that adds the
/// previous question's words. Both are added to the question's own normalised score (0…1).
public struct FollowUpWeights: Sendable, Equatable {
    /// Added to every passage of the previous answer's document.
    public var document: Double
    /// Weight of the search with the previous question's words added.
    public var previousQuestion: Double

    public init(document: Double, previousQuestion: Double) {
        self.document = document
        self.previousQuestion = previousQuestion
    }

    /// What follow-ups get unless told otherwise.
    public static let shipped = FollowUpWeights(document: 0.5, previousQuestion: 0.5)

    /// Plain retrieval: the previous question is ignored.
    public static let off = FollowUpWeights(document: 0, previousQuestion: 0)

    public var isOff: Bool { document == 0 && previousQuestion == 0 }

    /// "D,P" → weights (`eval --follow-up-weights`); each 0…10.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let document = parts[0], let previous = parts[1],
              (0...10).contains(document), (0...10).contains(previous) else { return nil }
        self.init(document: document, previousQuestion: previous)
    }
}
