/// Turning a tool run that gave no text into the file's skip, the same way for every format.
extension DocumentLoader {
    /// The skip for a run of `tool` on `file` that did not end with output: the package to
    /// install, the time limit, the output cap, an encrypted document, or the tool's own
    /// first line of complaint.
    static func toolSkip(_ result: ExternalTool.Result, _ tool: ExternalTool, _ file: DocumentFile,
                         maxBytes: Int, tools: ToolSettings) -> Outcome {
        func skip(_ reason: SkipReason, _ detail: String) -> Outcome {
            .skipped(SkippedFile(relativePath: file.relativePath, reason: reason, detail: detail))
        }
        switch result {
        case .output:
            return skip(.unreadable, "\(tool.name) gave no text")
        case let .missing(package):
            return skip(.toolMissing, "\(tool.name) is not installed (Debian: apt install \(package))")
        case let .timeout(seconds):
            return skip(.timeout, timeoutDetail(tool, seconds))
        case let .tooLarge(bytes):
            return skip(.tooLarge, "its text is " + tooLargeDetail(bytes, maxBytes))
        case .cancelled:
            return skip(.unreadable, "indexing was cancelled while \(tool.name) read it")
        case let .failed(status, errors):
            if isEncryptedMessage(errors) { return skip(.encrypted, "password-protected (\(tool.name): \(firstLine(errors)))") }
            let said = firstLine(errors)
            return skip(.unreadable, "\(tool.name) exit \(status)" + (said.isEmpty ? "" : ": " + said))
        }
    }

    /// poppler: "Command Line Error: Incorrect password" (a user password), "Permission Error:
    /// Copying of text from this document is not allowed." (exit 3); antiword: "… is encrypted";
    /// catdoc: "… is encrypted" too.
    static func isEncryptedMessage(_ errors: String) -> Bool {
        let lower = errors.lowercased()
        return lower.contains("incorrect password") || lower.contains("encrypted") || lower.contains("copying of text from this document is not allowed")
    }

    /// A tool's first non-empty line of standard error, one line and bounded (it may quote the
    /// document; the printing layer neutralises control characters).
    static func firstLine(_ errors: String) -> String {
        let line = errors.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return String(line.trimmingCharacters(in: .whitespaces).prefix(200))
    }

    /// "pdftotext ran over the 60 s limit and was stopped".
    static func timeoutDetail(_ tool: ExternalTool, _ seconds: Double) -> String {
        "\(tool.name) ran over the \(String(format: "%g", seconds)) s limit and was stopped"
    }

    /// The limit a `timeout` skip's detail names (60 for the line above), so that an index
    /// that remembers the skip tries the file again under a higher limit.
    public static func timeoutSeconds(inDetail detail: String?) -> Double? {
        guard let detail, let start = detail.range(of: " ran over the "), let end = detail.range(of: " s limit", range: start.upperBound..<detail.endIndex)
        else { return nil }
        return Double(detail[start.upperBound..<end.lowerBound])
    }
}
