import Answering
import TUI

/// Answers and documents shared by the view-model tests.
enum Fixtures {
    /// An answer at the first occurrence of `string` in `text` (and optionally more places).
    static func answer(_ string: String, _ confidence: Double, in text: String, path: String = "sport.txt",
                       morePlaces: [AnswerLocation] = [], guess: Bool = false) -> Answer {
        let start = text.unicodeScalars.count - text[text.range(of: string)!.lowerBound...].unicodeScalars.count
        let range = start..<start + string.unicodeScalars.count
        var answer = Answer(text: string, score: Float(confidence * 10), confidence: confidence,
                            locations: [AnswerLocation(documentPath: path, range: range)] + morePlaces,
                            context: text, contextRange: range, belowNullScore: guess)
        answer.isCalibrated = true  // as the shipped model's answers are
        return answer
    }

    /// A long document: `lines` numbered lines, "needle" on line `needleLine` (1-based).
    static func longDocument(lines: Int, needleLine: Int) -> String {
        (1...lines).map { $0 == needleLine ? "Line \($0) has the needle answer in it." : "Line \($0) is filler text of a long document." }
            .joined(separator: "\n")
    }

    static func type(_ text: String, into state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        for character in text { effects += state.handle(.character(character)) }
        return effects
    }

    static func screen(_ frame: Frame) -> [String] { (0..<frame.rows).map { frame.text($0) } }
}
