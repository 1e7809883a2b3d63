import Foundation

extension AnsweringError {
    /// What is wrong with a SQuAD-format question file.
    public enum SquadProblem: CustomStringConvertible, Sendable, Equatable {
        case unreadable
        /// Foundation's reason, on one line (it says where the JSON broke).
        case notJSON(detail: String)
        case noDataList
        case noQuestions

        public var description: String {
            switch self {
            case .unreadable: "cannot read the file"
            case let .notJSON(detail): "not valid JSON: \(detail)"
            case .noDataList: "not a SQuAD file (no \"data\" list)"
            case .noQuestions: "has no questions"
            }
        }
    }
}
