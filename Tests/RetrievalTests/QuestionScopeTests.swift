import Documents
import Foundation
import Retrieval
import TestSupport
import XCTest

/// Scopes: which paths a pattern names, and that no retriever returns a passage outside one.
final class QuestionScopeTests: XCTestCase {
    func testPathFolderAndGlobPatterns() {
        // A path names that document only.
        XCTAssertTrue(QuestionScope.pattern("papers/2020-smith.pdf", matches: "papers/2020-smith.pdf"))
        XCTAssertFalse(QuestionScope.pattern("papers/2020-smith.pdf", matches: "papers/2020-smith.pdf.txt"))
        XCTAssertTrue(QuestionScope.pattern("./papers/2020-smith.pdf", matches: "papers/2020-smith.pdf"))
        // A folder, with or without its slash, names what is under it, at any depth.
        XCTAssertTrue(QuestionScope.pattern("notes/", matches: "notes/a.md"))
        XCTAssertTrue(QuestionScope.pattern("notes/", matches: "notes/2021/b.md"))
        XCTAssertTrue(QuestionScope.pattern("notes", matches: "notes/a.md"))
        XCTAssertFalse(QuestionScope.pattern("notes/", matches: "notes.md"))
        XCTAssertFalse(QuestionScope.pattern("notes", matches: "notesbook/a.md"))
        // A glob: * and ? stay within one path component.
        XCTAssertTrue(QuestionScope.pattern("papers/2020-*.pdf", matches: "papers/2020-smith.pdf"))
        XCTAssertFalse(QuestionScope.pattern("papers/2020-*.pdf", matches: "papers/2021-smith.pdf"))
        XCTAssertFalse(QuestionScope.pattern("papers/2020-*.pdf", matches: "papers/old/2020-smith.pdf"))
        XCTAssertTrue(QuestionScope.pattern("*.md", matches: "a.md"))
        XCTAssertFalse(QuestionScope.pattern("*.md", matches: "notes/a.md"))
        XCTAssertTrue(QuestionScope.pattern("notes/?.md", matches: "notes/a.md"))
        XCTAssertFalse(QuestionScope.pattern("", matches: "a.md"))
        // A document named exactly, glob characters and all.
        let odd = QuestionScope.document("report [draft]*.txt")
        XCTAssertTrue(odd.matches("report [draft]*.txt"))
        XCTAssertFalse(odd.matches("report d*.txt"))
        XCTAssertTrue(QuestionScope(["a.md", "notes/"]).matches("notes/x.md"))
        XCTAssertTrue(QuestionScope.folder.isWholeFolder)
    }

    var documents: DocumentFolder!
    var database: URL { documents.base.appendingPathComponent("index.sqlite") }

    override func setUpWithError() throws {
        documents = try DocumentFolder(prefix: "albertqa-scope")
        // Every document speaks of the same river, so that an unscoped search finds them all.
        for (name, detail) in [("papers/2020-rhine.txt", "barges carry coal"), ("papers/2021-rhine.txt", "salmon came back"),
                               ("notes/rhine.md", "vineyards line the banks"), ("notes/old/rhine.md", "a bridge fell"),
                               ("rhine.txt", "the delta floods")] {
            try documents.write(name, "The Rhine river flows from the Alps to the North Sea; \(detail). "
                                + String(repeating: "The Rhine river is long and its water is cold. ", count: 20))
        }
    }

    override func tearDownWithError() throws {
        documents.remove()
    }

    func testResolveNamesDocumentsAndPassagesAndReportsPatternsThatMatchNothing() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let scope = try index.resolve(QuestionScope(["papers/2020-*.txt", "notes/old/", "missing/*.pdf"]))
        XCTAssertEqual(scope.documentIDs.count, 2)
        XCTAssertEqual(scope.unmatchedPatterns, ["missing/*.pdf"])
        let hits = try index.search("Rhine river", limit: 100)
        let inScope = Set(hits.filter { ["papers/2020-rhine.txt", "notes/old/rhine.md"].contains($0.documentPath) }.map(\.passageID))
        XCTAssertEqual(scope.passageIDs, inScope)
        XCTAssertFalse(scope.passageIDs.isEmpty)
    }

    func testBM25DenseAndHybridNeverLeaveTheScope() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let encoder = HashedBagOfWords()
        _ = try index.updateVectors(encoder: encoder)
        let store = try index.loadVectors(encoder: encoder)
        let everywhere = try BM25Retriever(index: index).retrieve("Rhine river Alps", limit: 100)
        XCTAssertEqual(Set(everywhere.map(\.documentPath)).count, 5, "unscoped, every document answers")
        for patterns in [["notes/"], ["papers/2021-rhine.txt"], ["papers/*.txt", "rhine.txt"]] {
            let question = QuestionScope(patterns)
            let scope = try index.resolve(question)
            let lexical = BM25Retriever(index: index, scope: scope)
            let dense = DenseRetriever(index: index, encoder: encoder, store: store, scope: scope)
            let retrievers: [any PassageRetriever] = [
                lexical, dense,
                HybridRetriever(lexical: lexical, dense: dense, depth: 5),
                HybridRetriever(lexical: lexical, dense: dense, method: .convex, depth: 5, denseWeight: 2),
            ]
            let expected = Set(everywhere.map(\.documentPath).filter(question.matches))
            for retriever in retrievers {
                let hits = try retriever.retrieve("Rhine river Alps", limit: 100)
                XCTAssertEqual(Set(hits.map(\.documentPath)), expected, "\(type(of: retriever)) in \(patterns)")
                XCTAssertTrue(hits.allSatisfy { scope.passageIDs.contains($0.passageID) })
                // Within the scope, the limit still applies: the best in scope, not the best overall filtered.
                let top = try retriever.retrieve("Rhine river Alps", limit: 1)
                XCTAssertEqual(top.count, 1)
                XCTAssertTrue(question.matches(top[0].documentPath))
            }
        }
    }

    func testDenseScopeTakesTheSameRankingAsTheWholeStoreFiltered() throws {
        let index = try PassageIndex(folder: documents.url, databaseURL: database)
        _ = try index.update()
        let encoder = HashedBagOfWords()
        _ = try index.updateVectors(encoder: encoder)
        let store = try index.loadVectors(encoder: encoder)
        let query = try XCTUnwrap(encoder.encode(["salmon in the Rhine"]).first)
        let all = store.nearest(query, k: 1000)
        // One document: the small-scope path; four: the filtered scan. Both agree with filtering.
        for patterns in [["papers/2021-rhine.txt"], ["papers/", "notes/"]] {
            let scope = try index.resolve(QuestionScope(patterns)).passageIDs
            let scoped = store.nearest(query, k: 1000, among: scope)
            XCTAssertEqual(scoped.map(\.id), all.filter { scope.contains($0.id) }.map(\.id))
        }
    }
}
