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
        /// The position of the question's article (document) in the file's `data` list, from 0.
        public var article = 0
        /// Where each answer starts in `context` (Unicode-scalar offsets, as SQuAD counts):
        /// only starts that are integers inside the context.
        public var answerStarts: [Int]
        /// Answers whose `answer_start` is missing, not an integer (a float, a string) or outside
        /// the context: they cannot be located, so a recall evaluation counts the question as
        /// unlocated when it has no other start, never as a miss.
        public var invalidAnswerStarts = 0
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

    /// Which articles' questions an evaluation asks: split by the article's position in the
    /// file, so that a fusion tuned on one half is checked on documents it never saw.
    public enum DocumentHalf: String, Sendable, CaseIterable {
        /// Articles at positions 0, 2, 4, … (the tuning half).
        case even
        /// Articles at positions 1, 3, 5, … (the check half).
        case odd
        case all
    }

    /// Keeps the questions of the articles in `half` and every paragraph (all still indexed:
    /// the other half's documents stay in the folder, as distractors).
    public func questions(ofDocuments half: DocumentHalf) -> SquadDataset {
        guard half != .all else { return self }
        var subset = self
        subset.questions = questions.filter { ($0.article % 2 == 0) == (half == .even) }
        return subset
    }

    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AnsweringError.squadFile(url, .unreadable)
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            // Foundation says where the JSON broke ("… around line 3, column 17."): keep that.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw AnsweringError.squadFile(url, .notJSON(detail: detail.split(whereSeparator: \.isNewline).joined(separator: " ")))
        }
        guard let root = parsed as? [String: Any], let articles = root["data"] as? [[String: Any]] else {
            throw AnsweringError.squadFile(url, .noDataList)
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
                    let contextLength = context.unicodeScalars.count
                    let starts = answerList.compactMap { Self.answerStart($0["answer_start"], contextLength: contextLength) }
                    var entry = Question(id: qa["id"] as? String ?? "\(questions.count)", question: question, answers: answers,
                                         isImpossible: qa["is_impossible"] as? Bool ?? false, context: context, title: title,
                                         answerStarts: starts)
                    entry.invalidAnswerStarts = answerList.count - starts.count
                    entry.article = number
                    questions.append(entry)
                }
            }
            self.articles.append(Article(title: title, paragraphs: paragraphs))
        }
        guard !questions.isEmpty else { throw AnsweringError.squadFile(url, .noQuestions) }
    }

    /// An `answer_start` that is a JSON integer (not a float, bool or string) inside the context.
    static func answerStart(_ value: Any?, contextLength: Int) -> Int? {
        // JSONSerialization gives NSNumbers: "i"/"q"/"l" for integer literals, "d" for 12.0 or
        // 1e3, "c" for true/false (which `as? Int` would all accept).
        guard let number = value as? NSNumber, !(number is NSDecimalNumber),
              ["i", "q", "l", "s"].contains(String(cString: number.objCType)) else { return nil }
        let start = number.int64Value
        guard start >= 0, start < contextLength else { return nil }
        return Int(start)
    }

    /// Answers with an unusable `answer_start`, over all questions.
    public var invalidAnswerStarts: Int { questions.reduce(0) { $0 + $1.invalidAnswerStarts } }
}
