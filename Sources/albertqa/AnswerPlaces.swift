import Answering
import Documents
import Foundation
import Retrieval

/// Line, column and page of answers' places (`TextPosition`, shared with the TUI), each
/// document's text read from the index once (without an index, places have no position).
final class AnswerPlaces {
    private let index: PassageIndex?
    private var positions: [String: TextPositions] = [:]

    init(index: PassageIndex?) { self.index = index }

    func position(_ location: AnswerLocation) -> TextPosition? {
        if positions[location.documentPath] == nil, let text = try? index?.documentText(path: location.documentPath) {
            positions[location.documentPath] = TextPositions(text)
        }
        return positions[location.documentPath]?.position(at: location.range.lowerBound)
    }

    /// The document's title and the section heading path of the passage holding the place.
    func context(_ location: AnswerLocation) -> (title: String, section: String)? {
        guard let context = try? index?.passageContext(documentPath: location.documentPath, offset: location.range.lowerBound),
              !(context.title.isEmpty && context.section.isEmpty) else { return nil }
        return context
    }

    /// "Title › Section" for text output, when it says more than the path beside it (a title
    /// made from the file name alone doesn't).
    func note(_ location: AnswerLocation) -> String? {
        guard let context = context(location) else { return nil }
        if context.section.isEmpty, context.title == LoadedDocument.fileTitle(location.documentPath) { return nil }
        return AskCommand.placeLine(context.title, context.section)
    }

    /// `{"document", "start", "end", "line", "column", "page", "cell"}`: page for PDFs, cell
    /// for a place in a table (`Stock!B3`), else null.
    func json(_ location: AnswerLocation) -> [String: Any] {
        var json: [String: Any] = ["document": location.documentPath, "start": location.range.lowerBound, "end": location.range.upperBound,
                                   "cell": location.cell ?? NSNull()]
        if let context = context(location) {
            json["title"] = context.title
            json["section"] = context.section
        }
        if let position = position(location) {
            json["line"] = position.line
            json["column"] = position.column
            json["page"] = DocumentFormat.isPaged(path: location.documentPath) ? position.page : NSNull()
        }
        return json
    }

    /// ":line:column", or " p. N" for a PDF, then " Stock!B3" in a table: `Citation`, the
    /// interface's form too.
    func citationSuffix(_ location: AnswerLocation) -> String {
        guard let position = position(location) else { return Citation.cellSuffix(location.cell) }
        return Citation.suffix(position, paged: DocumentFormat.isPaged(path: location.documentPath), cell: location.cell)
    }
}
