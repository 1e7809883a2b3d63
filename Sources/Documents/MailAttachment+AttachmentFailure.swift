import Foundation

extension MailAttachment {
    /// Why an attachment was not read: the cases carry the tool's or the system's values;
    /// `description` is the note the mail's text shows ("name (not read: …)").
    enum AttachmentFailure: Error, CustomStringConvertible, Equatable {
        case binary
        /// An Office attachment that its reader refused.
        case office(OfficeText.Failure)
        /// A message/rfc822 part, which MailDocument renders itself.
        case messagePart
        case noMemoryFile(reason: String)
        case memoryFileWrite(reason: String)
        case memoryFileSeek
        case toolMissing(package: String)
        case toolTimeout(seconds: Double)
        case textTooLarge(limitBytes: Int)
        case cancelled
        case passwordProtected
        case toolExit(status: Int32)

        var description: String {
            switch self {
            case .binary: "binary"
            case let .office(.tooLarge(why)), let .office(.unreadable(why)): why
            case .messagePart: "a message is rendered by MailDocument"
            case let .noMemoryFile(reason): "no memory file (\(reason))"
            case let .memoryFileWrite(reason): "memory file: \(reason)"
            case .memoryFileSeek: "memory file: cannot seek"
            case let .toolMissing(package): "pdftotext is not installed (Debian: apt install \(package))"
            case let .toolTimeout(seconds): DocumentLoader.timeoutDetail(.pdftotext, seconds)
            case let .textTooLarge(limit): "its text is over \(limit >> 20) MiB"
            case .cancelled: "cancelled"
            case .passwordProtected: "password-protected"
            case let .toolExit(status): "pdftotext exit \(status)"
            }
        }
    }
}
