import Foundation
import Retrieval
import TestSupport
import XCTest

/// The rule that makes a question a follow-up: real questions of COVID-QA and ConditionalQA dev.
final class ContextLeaningTests: XCTestCase {
    /// A folder that knows every word (the vocabulary check never decides).
    func reason(_ question: String) -> ContextLeaning.Reason? {
        ContextLeaning.reason(question) { _ in true }
    }

    func testPronounsAndDemonstrativesPointBack() {
        XCTAssertEqual(reason("What is the conclusion of this study?"), .pronoun("this"))
        XCTAssertEqual(reason("What are the specified areas he can look for a second Job?"), .pronoun("he"))
        XCTAssertEqual(reason("How much does it cost to apply?"), .pronoun("it"))
        XCTAssertEqual(reason("Whom can she contact?"), .pronoun("she"))
        XCTAssertEqual(reason("What were their side effects?"), .pronoun("their"))
        XCTAssertEqual(reason("What caused that?"), .pronoun("that"))
    }

    func testTheStudyPaperOrGuideNamesNoDocument() {
        XCTAssertEqual(reason("What was the objective of the study?"), .reference("the study"))
        XCTAssertEqual(reason("What did the authors conclude?"), .reference("the authors"))
        XCTAssertEqual(reason("What does the guide say about appeals?"), .reference("the guide"))
        XCTAssertEqual(reason("Was that trial randomised?"), .reference("that trial"))
    }

    func testQuestionsThatNameTheirSubjectStandAlone() {
        XCTAssertNil(reason("What cells are infected by the PED virus?"))
        XCTAssertNil(reason("How many nucleotides does bovine coronavirus contain?"))
        XCTAssertNil(reason("What is toltrazuril used to treat?"))
        // "that" as a relative pronoun, and the asker's own situation, are no lean.
        XCTAssertNil(reason("What is the protein that binds the ACE2 receptor?"))
        XCTAssertNil(reason("Can I make changes to my will once I have signed and witnessed?"))
        XCTAssertNil(reason("How should I calculate the VAT?"))
    }

    func testNoContentWordInTheFolderLeans() {
        XCTAssertEqual(ContextLeaning.reason("How were the assays used?") { _ in false }, .noFolderWord)
        XCTAssertEqual(reason("What is it?"), .pronoun("it"))
        XCTAssertEqual(reason("Why?"), .noFolderWord, "no content word at all")
        var asked: [[String]] = []
        _ = ContextLeaning.reason("Which antiviral did patients receive, which antiviral?") { words in asked.append(words); return true }
        XCTAssertEqual(asked, [["antiviral", "patients", "receive"]], "each content word once, asked once")
    }

    func testTheFolderVocabularyComesFromTheIndex() throws {
        let folder = try DocumentFolder(prefix: "albertqa-leaning")
        defer { folder.remove() }
        try folder.write("rsv.txt", "Respiratory syncytial virus infects the airways of infants.")
        let index = try PassageIndex(folder: folder.url, databaseURL: folder.base.appendingPathComponent("index.sqlite"))
        _ = try index.update()
        XCTAssertNil(try ContextLeaning.reason("Which virus infects infants?", in: index))
        XCTAssertEqual(try ContextLeaning.reason("How was the vaccine dosed?", in: index), .noFolderWord)
    }
}
