/// The status line's message: information, or an error (drawn in the error colour). A key
/// press clears it: it has been seen.
public enum StatusMessage: Equatable, Sendable {
    case info(String)
    case error(String)

    /// `.error` when `isError`, else `.info`: for the few places that decide at run time.
    public init(_ text: String, isError: Bool) {
        self = isError ? .error(text) : .info(text)
    }

    public var text: String {
        switch self {
        case let .info(text), let .error(text): return text
        }
    }

    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
