/// Turns a natural-language question into a safe FTS5 query: words as FTS5's unicode61
/// tokenizer sees them (letters and digits), lowercased, English stop words dropped,
/// duplicates removed, each word double-quoted so that nothing a user types (`"`, `*`, `:`,
/// `NEAR`, `AND`, `-`) can be read as query syntax, joined with OR for BM25 to rank.
public enum QueryBuilder {
    /// At most this many terms are kept (a pasted page of text still makes a quick query).
    public static let maxTerms = 48

    /// Words as FTS5's unicode61 tokenizer sees them (letters, digits, non-spacing marks), in
    /// order and in their case: the one word splitter of queries, query expansion and the
    /// answers' question-form features.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    public static func terms(_ question: String) -> [String] {
        let all = words(question).map { $0.lowercased() }
        var seen = Set<String>()
        let unique = all.filter { seen.insert($0).inserted }
        let content = unique.filter { !stopWords.contains($0) }
        // A question made only of stop words ("who is it?") still searches for its words.
        return Array((content.isEmpty ? unique : content).prefix(maxTerms))
    }

    /// The FTS5 MATCH expression, or nil when the question has no words at all.
    public static func matchExpression(_ question: String) -> String? {
        let words = terms(question)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: " OR ")
    }

    /// Whether `word` (lowercased) is one of the stop words queries leave out.
    public static func isStopWord(_ word: String) -> Bool { stopWords.contains(word) }

    static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
        "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
        "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
        "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
        "s", "t", "d", "ll", "m", "re", "ve", "also", "many", "much", "one", "called", "name", "named", "kind", "type",
    ]
}
