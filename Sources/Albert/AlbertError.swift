import Foundation

/// A failure of the reader, always with a one-line message that names the file or input at
/// fault. The cases carry the values (file, tensor, shape, token, kernels); `description`
/// renders every message here, in one place.
public enum AlbertError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    /// A file or folder of a model (weights, config, vocabulary) that cannot be used: its path
    /// and what is wrong with it.
    case file(URL, FileProblem)
    /// A sequence of no tokens.
    case emptyInput
    /// A sequence longer than the model's position embeddings.
    case sequenceTooLong(tokens: Int, positions: Int)
    /// input_ids, token_type_ids and attention_mask of different lengths.
    case inputLengthsDiffer
    /// A token id outside the model's vocabulary.
    case tokenOutsideVocabulary(id: Int32, vocabularySize: Int)
    /// A token type outside the model's types.
    case tokenTypeOutOfRange(type: Int32, types: Int)
    /// A kernel table name the dispatch does not declare.
    case unknownKernels(String, known: [String])
    /// A declared table this build did not compile (another architecture's).
    case kernelsNotBuilt(String, runnable: [String])
    /// A table this CPU cannot run.
    case kernelsNeedFeatures(String, requirement: String, runnable: [String])
    /// A bad `$ALBERTQA_KERNELS` (or other variable): the variable, its value and why.
    indirect case environment(variable: String, value: String, AlbertError)

    public var description: String {
        switch self {
        case let .file(url, problem): "\(url.path): \(problem)"
        case .emptyInput: "empty input: a sequence needs at least one token"
        case let .sequenceTooLong(tokens, positions): "sequence of \(tokens) tokens exceeds the model's \(positions) positions"
        case .inputLengthsDiffer: "input_ids, token_type_ids and attention_mask differ in length"
        case let .tokenOutsideVocabulary(id, size): "token id \(id) is outside the vocabulary of \(size)"
        case let .tokenTypeOutOfRange(type, types): "token type \(type) is outside the model's \(types) types"
        case let .unknownKernels(name, known): "unknown kernels '\(name)': choose auto, \(known.joined(separator: ", "))"
        case let .kernelsNotBuilt(name, runnable):
            "this build has no \(name) kernels (they are for another architecture); this CPU runs \(runnable.joined(separator: ", "))"
        case let .kernelsNeedFeatures(name, requirement, runnable):
            "the \(name) kernels need \(requirement), which this CPU lacks; it runs \(runnable.joined(separator: ", "))"
        case let .environment(variable, value, error): "\(variable)=\(value): \(error)"
        }
    }

    public var errorDescription: String? { description }
}
