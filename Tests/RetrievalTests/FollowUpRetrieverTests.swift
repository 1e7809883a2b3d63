import Foundation
import Retrieval
import TestSupport
import XCTest

/// Follow-up retrieval: the previous answer's document and the previous question's words lift
/// the passages a context-leaning question means.
final class FollowUpRetrieverTests: XCTestCase {
    var folder: DocumentFolder!
    var index: PassageIndex!

    override func setUpWithError() throws {
        folder = try DocumentFolder(prefix: "albertqa-follow-up")
        let pad = String(repeating: " Other words fill the rest of this passage up.", count: 12)
        try folder.write("remdesivir.txt", "Remdesivir is an antiviral drug given to patients in hospital." + pad
                         + "\n\nIn trials of remdesivir, its side effects were nausea and raised liver enzymes." + pad)
        try folder.write("vaccines.txt", "Side effects of vaccines are mild side effects." + pad + pad + pad)
        try folder.write("masks.txt", "Masks stop droplets and no effects were reported for masks." + pad + pad + pad)
        index = try PassageIndex(folder: folder.url, databaseURL: folder.base.appendingPathComponent("index.sqlite"),
                                 chunking: ChunkingOptions(maxWords: 40, minWords: 5))
        _ = try index.update()
    }

    override func tearDownWithError() throws {
        folder.remove()
    }

    func followUp(_ weights: FollowUpWeights, document: String? = "remdesivir.txt") throws -> FollowUpRetriever {
        let scope = try document.map { try index.resolve(.document($0)) }
        return FollowUpRetriever(folder: BM25Retriever(index: index), document: scope.map { BM25Retriever(index: index, scope: $0) },
                                 previous: PreviousQuestion(question: "What is remdesivir?", documentPath: document), weights: weights)
    }

    func testThePreviousAnswersDocumentAndWordsLiftItsPassages() throws {
        let question = "What were its side effects?"
        let plain = try BM25Retriever(index: index).retrieve(question, limit: 3)
        XCTAssertEqual(plain.first?.documentPath, "vaccines.txt", "asked afresh, the passage that says it most wins")
        let followed = try followUp(FollowUpWeights(document: 0.5, previousQuestion: 0.5)).retrieve(question, limit: 3)
        XCTAssertEqual(followed.first?.documentPath, "remdesivir.txt")
        XCTAssertTrue(followed.first!.text.contains("nausea"), "the side-effects passage of the previous answer's document")
        XCTAssertEqual(followed.first?.scoreKind, .fused)
        // The document's bonus alone lifts it too.
        XCTAssertEqual(try followUp(FollowUpWeights(document: 1, previousQuestion: 0)).retrieve(question, limit: 1).first?.documentPath, "remdesivir.txt")
    }

    func testWeightsOffRankAsPlainRetrieval() throws {
        let question = "What were its side effects?"
        let plain = try BM25Retriever(index: index).retrieve(question, limit: 3).map(\.passageID)
        XCTAssertEqual(try followUp(.off).retrieve(question, limit: 3).map(\.passageID), plain)
        XCTAssertEqual(try followUp(.off).retrieve(question, limit: 0), [])
    }

    func testPreviousWordsAreOnlyThoseTheQuestionLacks() {
        XCTAssertEqual(FollowUpRetriever.queryWithPreviousWords("What were its side effects?", previous: "What is remdesivir?"),
                       "What were its side effects? remdesivir")
        XCTAssertNil(FollowUpRetriever.queryWithPreviousWords("Side effects of remdesivir?", previous: "What is remdesivir?"))
    }

    func testWeightsParse() {
        XCTAssertEqual(FollowUpWeights(parsing: "0.5, 0.25"), FollowUpWeights(document: 0.5, previousQuestion: 0.25))
        XCTAssertNil(FollowUpWeights(parsing: "0.5"))
        XCTAssertNil(FollowUpWeights(parsing: "-1,0"))
        XCTAssertNil(FollowUpWeights(parsing: "1,nan"))
        XCTAssertNil(FollowUpWeights(parsing: "11,0"))
        XCTAssertTrue(FollowUpWeights(parsing: "0,0")!.isOff)
    }
}
