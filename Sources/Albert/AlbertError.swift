import Foundation

/// A failure of the reader, always with a one-line message that names the file or input at fault.
public struct AlbertError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    /// An error about one file: "path: what is wrong".
    public static func file(_ url: URL, _ problem: String) -> AlbertError {
        AlbertError("\(url.path): \(problem)")
    }

    public var description: String { message }
}
