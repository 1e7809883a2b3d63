import Documents
import Foundation
import Retrieval

/// Where the next questions are asked: the whole folder, the open document (`s` in browse
/// mode; `S` widens back), or the documents that `--in` patterns name (`:`, or `interface
/// --in`). The question line shows it (`Ask › in paper.pdf ›`), and each question's history
/// entry keeps it.
extension AppState {
    /// `s`: the next questions are asked of the document the viewer shows.
    mutating func scopeToOpenDocument() {
        guard let path = viewer?.documentPath else {
            status = .info("open an answer's document first: s then asks within it")
            return
        }
        scope = .document(path)
        status = .info("asking within \(ControlCharacters.spaced(path)) (S: the whole folder)")
    }

    /// `S`: the next questions are asked of the whole folder again.
    mutating func widenScope() {
        guard !scope.isWholeFolder else {
            status = .info("questions already go to the whole folder")
            return
        }
        scope = .folder
        status = .info("asking the whole folder")
    }

    /// `:`: the scope prompt, holding the patterns in use.
    mutating func showScopePrompt() {
        prompt = .scope
        promptEditor = LineEditor(scope.patterns.joined(separator: " "))
    }

    /// The scope prompt's text: patterns as `--in` takes them (a path, a folder/ or a glob,
    /// relative to the folder), separated by spaces; `--in` before one is allowed; none: the whole
    /// folder. A pattern that names no document is refused by the session at the next question.
    mutating func setScope(patterns text: String) {
        let patterns = text.split(whereSeparator: \.isWhitespace).map(String.init).filter { $0 != "--in" }
        scope = QuestionScope(patterns)
        status = .info(scope.isWholeFolder ? "asking the whole folder" : "asking within \(scopeLabel) (S: the whole folder)")
    }

    /// The scope as the question line shows it: a document's file name, or the patterns.
    public var scopeLabel: String {
        let patterns = scope.patterns.map { pattern in
            // A single document, named by `s`, shows by its file name (escapes undone).
            let plain = pattern.replacingOccurrences(of: "\\", with: "")
            return QuestionScope.document(plain).patterns == [pattern] && !plain.hasSuffix("/") ? (plain as NSString).lastPathComponent : pattern
        }
        return ControlCharacters.spaced(patterns.joined(separator: " "))
    }
}
