/// The official SQuAD evaluation (v1.1 script; v2.0's rule for empty answers): answers are
/// lowercased, ASCII punctuation removed, the articles a/an/the removed, whitespace collapsed;
/// exact match and token F1 take the best over the gold answers.
public enum SquadMetric {
    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    public static func normalize(_ text: String) -> String {
        let lowered = text.lowercased()
        let unpunctuated = String(String.UnicodeScalarView(lowered.unicodeScalars.filter { !punctuation.contains($0) }))
        // re.sub(r'\b(a|an|the)\b', ' ', text): a word-character run that is exactly an article.
        var out = ""
        var word = ""
        func flush() {
            out += ["a", "an", "the"].contains(word) ? " " : word
            word = ""
        }
        for character in unpunctuated {
            if character.isLetter || character.isNumber || character == "_" || character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }) {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    public static func exactMatch(_ prediction: String, _ gold: String) -> Double {
        normalize(prediction) == normalize(gold) ? 1 : 0
    }

    public static func f1(_ prediction: String, _ gold: String) -> Double {
        let predicted = normalize(prediction).split(separator: " ").map(String.init)
        let expected = normalize(gold).split(separator: " ").map(String.init)
        if predicted.isEmpty || expected.isEmpty { return predicted == expected ? 1 : 0 }
        var counts: [String: Int] = [:]
        for token in expected { counts[token, default: 0] += 1 }
        var same = 0
        for token in predicted where (counts[token] ?? 0) > 0 {
            counts[token]! -= 1
            same += 1
        }
        guard same > 0 else { return 0 }
        let precision = Double(same) / Double(predicted.count)
        let recall = Double(same) / Double(expected.count)
        return 2 * precision * recall / (precision + recall)
    }

    /// Best over the gold answers; an unanswerable question's gold is [""].
    public static func score(_ prediction: String, golds: [String]) -> (exactMatch: Double, f1: Double) {
        let references = golds.isEmpty ? [""] : golds
        return (references.map { exactMatch(prediction, $0) }.max()!, references.map { f1(prediction, $0) }.max()!)
    }
}
