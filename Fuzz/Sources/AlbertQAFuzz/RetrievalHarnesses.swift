import Documents
import Foundation
import Retrieval
import Synchronization

enum RetrievalHarnesses {
    /// The first two bytes choose the options, the rest is the text. Passages are in order,
    /// inside the text, non-empty, trimmed, within the word limit where words allow, and
    /// together cover every word of the text.
    static let chunking: @Sendable (Data) -> Void = { data in
        let bytes = [UInt8](data)
        let options = ChunkingOptions(maxWords: Int(bytes.first ?? 200) % 64 + 1,
                                      overlapSentences: Int(bytes.dropFirst().first ?? 1) % 3,
                                      minWords: Int(bytes.dropFirst().first ?? 30) / 3 % 64)
        let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let passages = Chunker.chunk(text, options: options)
        var covered = [Bool](repeating: false, count: scalars.count)
        for (i, range) in passages.enumerated() {
            require(range.lowerBound >= 0 && range.upperBound <= scalars.count, "passage \(i) \(range) outside \(scalars.count) scalars")
            require(!range.isEmpty, "passage \(i) is empty")
            require(!isSpace(scalars[range.lowerBound]) && !isSpace(scalars[range.upperBound - 1]), "passage \(i) is not trimmed")
            if i > 0 { require(range.lowerBound >= passages[i - 1].lowerBound, "passages out of order") }
            for j in range { covered[j] = true }
        }
        for (j, scalar) in scalars.enumerated() where !covered[j] && !isSpace(scalar) {
            // A scalar outside every passage must be whitespace (nothing the reader should see is lost).
            require(false, "scalar \(j) (U+\(String(scalar.value, radix: 16))) is in no passage")
        }
        // Sentences (SentenceEvidence's units): in order, inside the text, non-empty, never
        // across a line, and together they hold every non-space scalar.
        var inSentence = [Bool](repeating: false, count: scalars.count)
        let sentences = Chunker.sentences(scalars)
        for (i, range) in sentences.enumerated() {
            require(range.lowerBound >= 0 && range.upperBound <= scalars.count && !range.isEmpty, "sentence \(i) \(range) of \(scalars.count)")
            if i > 0 { require(range.lowerBound >= sentences[i - 1].upperBound, "sentences overlap or are out of order") }
            require(!scalars[range].contains("\n"), "sentence \(i) crosses a line")
            for j in range { inSentence[j] = true }
        }
        for (j, scalar) in scalars.enumerated() where !inSentence[j] && !isSpace(scalar) {
            require(false, "scalar \(j) (U+\(String(scalar.value, radix: 16))) is in no sentence")
        }
    }

    /// Whitespace as the Chunker documents it (ASCII blanks and Unicode White_Space).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" || (c.value >= 0x80 && c.properties.isWhitespace)
    }

    /// An index of a few documents, built once per process in a private temporary folder
    /// (behind a lock only because it is a global: the harnesses run on one thread).
    static let index = Mutex<PassageIndex>({
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-fuzz-\(getpid())")
        let folder = base.appendingPathComponent("docs")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try! Data("The Aletsch Glacier is 23 kilometres long. \"Quoted\" words, AND/OR NEAR(x y) * col:umn.".utf8)
            .write(to: folder.appendingPathComponent("a.txt"))
        try! Data("Mount Etna erupted in 2021. Ünïcödé wörds, 数字 ١٢٣ and emoji 🙂.".utf8).write(to: folder.appendingPathComponent("b.txt"))
        let index = try! PassageIndex(folder: folder, databaseURL: base.appendingPathComponent("index.sqlite"))
        _ = try! index.update()
        atexit { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-fuzz-\(getpid())")) }
        return index
    }())

    /// Any question: terms are bounded and quote-safe, and the query never fails in SQLite.
    static let query: @Sendable (Data) -> Void = { data in
        let question = String(decoding: data, as: UTF8.self)
        let terms = QueryBuilder.terms(question)
        require(terms.count <= QueryBuilder.maxTerms, "\(terms.count) terms")
        require(terms.allSatisfy { !$0.isEmpty }, "an empty term")
        do {
            let hits = try index.withLock { try $0.search(question, limit: 5) }
            require(hits.count <= 5, "more hits than the limit")
        } catch {
            require(false, "search failed: \(error)")
        }
        // Each passage's best sentence for the same question: scores in 0…1, the best 1 when any.
        do {
            let scores = try index.withLock { index in
                try SentenceEvidence(index: index, passages: try index.resolve(QuestionScope(["a.txt", "b.txt"])).passageIDs.sorted()).scores(for: question).scores
            }
            require(scores.values.allSatisfy { $0 > 0 && $0 <= 1 }, "a sentence score outside (0, 1]: \(scores)")
            require(scores.isEmpty || scores.values.max() == 1, "the best sentence score is not 1: \(scores)")
        } catch {
            require(false, "sentence scores failed: \(error)")
        }
    }
}
