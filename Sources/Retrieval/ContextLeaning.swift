/// Whether a question leans on a context it does not carry — "What were its side effects?",
/// "How much does it cost to apply?", "What did the study find?" — so that, asked right after
/// an answer, it is read as a follow-up on that answer (issue 23). The rule was written before
/// any follow-up measurement and is not tuned: a question leans on context when it has
///  - a personal pronoun that points back (it, its, they, them, their, he, him, his, she, her),
///  - a demonstrative: this, these, those anywhere; that only when it ends the question or
///    names one of the nouns below ("that study"): elsewhere it is mostly a relative pronoun
///    ("the virus that causes COVID-19"),
///  - "the" + a noun that names the document or its subject without saying which
///    (the study, the paper, the guide, the authors, …),
///  - or no content word that the folder's documents contain (a question about "it" in words
///    the folder never uses).
/// First-person words (I, my, we) are not a lean: they describe the asker's situation
/// ("Can I claim if my father died?") and name no earlier subject.
public enum ContextLeaning {
    /// Why a question leans on context.
    public enum Reason: Sendable, Equatable {
        /// A pronoun or demonstrative pointing back ("it", "this").
        case pronoun(String)
        /// "the study", "that paper": the document referred to, not named.
        case reference(String)
        /// None of its content words is in the folder.
        case noFolderWord
    }

    /// Pronouns that point back to something said before.
    static let pronouns: Set<String> = ["it", "its", "itself", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers",
                                        "this", "these", "those"]
    /// Nouns a reader uses for the document in front of them or its subject.
    static let documentNouns: Set<String> = [
        "study", "studies", "paper", "article", "guide", "guidance", "author", "authors", "researchers", "report", "document",
        "trial", "survey", "text", "passage", "findings", "results", "experiment",
    ]

    /// Why `question` leans on context, or nil when it stands on its own. `folderHasWord` says
    /// whether any of the given content words occurs in the folder (asked at most once, with
    /// every content word of the question).
    public static func reason(_ question: String, folderHasAnyOf folderHasWord: ([String]) throws -> Bool) rethrows -> Reason? {
        let words = QueryBuilder.words(question).map { $0.lowercased() }
        for (i, word) in words.enumerated() {
            let next = i + 1 < words.count ? words[i + 1] : nil
            if pronouns.contains(word) { return .pronoun(word) }
            if word == "that", next == nil { return .pronoun(word) }
            if word == "that" || word == "the", let next, documentNouns.contains(next) { return .reference("\(word) \(next)") }
        }
        let content = words.filter { !QueryBuilder.isStopWord($0) }
        if content.isEmpty { return .noFolderWord }
        return try folderHasWord(Array(Set(content)).sorted()) ? nil : .noFolderWord
    }

    /// Whether `question` leans on context in the folder of `index`.
    public static func reason(_ question: String, in index: PassageIndex) throws -> Reason? {
        try reason(question) { words in try !index.search(words.joined(separator: " "), limit: 1).isEmpty }
    }
}
