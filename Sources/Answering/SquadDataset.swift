import Foundation

/// A SQuAD-format file (v1.1, v2.0, XQuAD): articles of paragraphs of questions.
public struct SquadDataset: Sendable {
    public struct Question: Sendable {
        public var id: String
        public var question: String
        public var answers: [String]
        public var isImpossible: Bool
        public var context: String
        public var title: String
        /// Where each answer starts in `context` (Unicode-scalar offsets, as SQuAD counts).
        public var answerStarts: [Int]
    }

    public struct Article: Sendable {
        public var title: String
        public var paragraphs: [String]
    }

    public var articles: [Article] = []
    public var questions: [Question] = []
    /// True when some questions are unanswerable (SQuAD 2.0 scoring applies).
    public var hasUnanswerable: Bool { questions.contains(where: \.isImpossible) }

    /// Keeps every `n`-th question (the first, the n+1-th, …) and all paragraphs: a fixed subset
    /// for slow evaluations that still indexes everything.
    public func everyNthQuestion(_ n: Int) -> SquadDataset {
        var subset = self
        subset.questions = questions.enumerated().filter { $0.offset % max(1, n) == 0 }.map(\.element)
        return subset
    }

    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SquadError("\(url.path): cannot read the file")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let articles = root["data"] as? [[String: Any]]
        else {
            throw SquadError("\(url.path): not a SQuAD file (no \"data\" list)")
        }
        for (number, article) in articles.enumerated() {
            let title = article["title"] as? String ?? "article-\(number + 1)"
            var paragraphs: [String] = []
            for paragraph in article["paragraphs"] as? [[String: Any]] ?? [] {
                guard let context = paragraph["context"] as? String else { continue }
                paragraphs.append(context)
                for qa in paragraph["qas"] as? [[String: Any]] ?? [] {
                    guard let question = qa["question"] as? String else { continue }
                    let answerList = qa["answers"] as? [[String: Any]] ?? []
                    let answers = answerList.compactMap { $0["text"] as? String }
                    let starts = answerList.compactMap { $0["answer_start"] as? Int }
                    questions.append(Question(id: qa["id"] as? String ?? "\(questions.count)", question: question, answers: answers,
                                              isImpossible: qa["is_impossible"] as? Bool ?? false, context: context, title: title,
                                              answerStarts: starts))
                }
            }
            self.articles.append(Article(title: title, paragraphs: paragraphs))
        }
        guard !questions.isEmpty else { throw SquadError("\(url.path): has no questions") }
    }
}

public struct SquadError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
