import Answering
import Foundation

/// `eval --open --calibration-features FILE`: one JSON line per question with its top answers,
/// their `AnswerFeatures`, and how each scores against the gold answers (EM, F1), for
/// `Scripts/fit-calibration.py`. `answerable: false` marks runs against a folder without the
/// questions' articles, whose answers are all wrong whatever their words.
final class CalibrationFeatureWriter {
    private let handle: FileHandle
    private let dataset: String
    private let answerable: Bool
    private let retriever: String

    init(path: String, dataset: String, answerable: Bool, retriever: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError.cannotCreate(path: path, what: "the file")
        }
        self.handle = handle
        self.dataset = dataset
        self.answerable = answerable
        self.retriever = retriever
    }

    func write(_ question: SquadDataset.Question, _ set: AnswerSet) {
        let answers = set.answers.map { answer -> [String: Any] in
            let (em, f1) = answerable ? SquadMetric.score(answer.text, golds: question.answers) : (0, 0)
            return ["text": answer.text, "score": Double(answer.score), "probability": answer.confidence, "em": em, "f1": f1,
                    "features": answer.features.dictionary, "passage": answer.passageRank,
                    "context_range": [answer.contextRange.lowerBound, answer.contextRange.upperBound]]
        }
        var row: [String: Any] = ["id": question.id, "dataset": dataset, "group": question.title, "answerable": answerable, "retriever": retriever,
                                  "passages_read": set.passagesRead, "found": set.found, "answers": answers]
        // The question and the passages' texts, for trying features in Python (Scripts/calibrate.sh
        // leaves them out of the shipped file).
        row["question"] = question.question
        row["passages"] = set.retrieved.map { ["text": $0.text, "score": $0.score, "kind": $0.scoreKind.rawValue] as [String: Any] }
        guard let data = try? JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]) else { return }
        handle.write(data + Data("\n".utf8))
    }

    func close() throws { try handle.close() }
}
