import Foundation
import XCTest

/// Issue 20's mixed folder (Tests/Fixtures/mixed-folder, written by Scripts/make-mixed-folder.py):
/// every file is read, none skipped, and questions whose answers sit in a mail, a spreadsheet
/// row, a Word table, a scan and a legacy .doc/.ppt/.rtf are answered through the real pipeline.
extension CLITests {
    static let mixedFolder = repositoryRoot.appendingPathComponent("Tests/Fixtures/mixed-folder")

    func testTheMixedFolderIndexesEveryFileWithNoSkip() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-mixed-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mixedFolder.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(files.count, 15)
        let index = work.appendingPathComponent("index.sqlite").path
        let result = try run(["index", Self.mixedFolder.path, "--index", index, "--retriever", "bm25", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try XCTUnwrap(result.json, result.stdout)
        XCTAssertEqual(report["documents"] as? Int, files.count, result.stdout)
        XCTAssertEqual((report["skipped"] as? [Any])?.count, 0, result.stdout)
    }

    /// A handful of the 26 questions, one per kind (the whole set is measured in
    /// Benchmarks/RESULTS-formats.md): each answered from the right file with the expected text,
    /// compared as SQuAD's exact match does (case, punctuation and articles aside).
    func testMixedFolderQuestionsAreAnsweredFromMailRowsTablesScansAndLegacyFiles() throws {
        let expected = [
            "How many crevasses did Zoë count?": ("survey.ppt", "12"),
            "Which lake does the meltwater feed?": ("glaciers.rtf", "Lake Geneva"),
            "When did the Fiesch cable car open?": ("cable-car-scan.pdf", "1966"),
            "Where does the file server move to?": ("server-move.eml", "building C"),
            "Who is the leader on Wednesday?": ("rota.xls", "Mark"),
            "Who is the warden of the Konkordia hut?": ("huts.docx", "Anna Berger"),
            "What does Zoë bring?": ("family.doc", "the café crème"),
        ]
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-mixed-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let index = work.appendingPathComponent("index.sqlite").path
        let questions = expected.keys.sorted().joined(separator: "\n") + "\n"
        let result = try run(["ask", Self.mixedFolder.path, "-", "--index", index, "--retriever", "bm25", "--json", "--top", "1"], stdin: questions)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        XCTAssertEqual(lines.count, expected.count, result.stdout)
        for line in lines {
            let question = try XCTUnwrap(line["question"] as? String, "\(line)")
            let answer = try XCTUnwrap((line["answers"] as? [[String: Any]])?.first, "no answer to \(question)")
            let (document, text) = try XCTUnwrap(expected[question], question)
            XCTAssertEqual(answer["document"] as? String, document, question)
            XCTAssertEqual(Self.squadNormalized(answer["text"] as? String ?? ""), Self.squadNormalized(text), question)
        }
    }

    /// SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces.
    static func squadNormalized(_ text: String) -> String {
        let kept = text.lowercased().unicodeScalars.filter { !CharacterSet.punctuationCharacters.contains($0) }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: \.isWhitespace)
            .filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }
}

extension CLITests {
    /// An answer in a table row names its cell (`--json`'s "cell", the text output's place),
    /// and stays within its row: the shelf question took two rows before rows bounded spans.
    func testTableAnswersNameTheirCellAndStayWithinTheirRow() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-cells-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let index = work.appendingPathComponent("index.sqlite").path
        let expected = [
            "Which shelf are the crampons on?": ("stock.xlsx", "D1", "Stock!B3"),
            "Who is the leader on Wednesday?": ("rota.xls", "Mark", "'Sheet 1'!B3"),
            "Who is the warden of the Konkordia hut?": ("huts.docx", "Anna Berger", "table 1, row 2, column B"),
        ]
        let questions = expected.keys.sorted().joined(separator: "\n") + "\n"
        let result = try run(["ask", Self.mixedFolder.path, "-", "--index", index, "--retriever", "bm25", "--json", "--top", "1"], stdin: questions)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        XCTAssertEqual(lines.count, expected.count, result.stdout)
        for line in lines {
            let question = try XCTUnwrap(line["question"] as? String)
            let answer = try XCTUnwrap((line["answers"] as? [[String: Any]])?.first, question)
            let (document, text, cell) = try XCTUnwrap(expected[question])
            XCTAssertEqual(answer["document"] as? String, document, question)
            XCTAssertEqual(answer["text"] as? String, text, question)
            XCTAssertEqual(answer["cell"] as? String, cell, question)
            XCTAssertEqual((answer["locations"] as? [[String: Any]])?.first?["cell"] as? String, cell, question)
        }
        let text = try run(["ask", Self.mixedFolder.path, "Which shelf are the crampons on?", "--index", index, "--retriever", "bm25", "--top", "1"])
        XCTAssertTrue(text.stdout.contains("stock.xlsx:5:25 Stock!B3"), text.stdout)
        let prose = try run(["ask", Self.mixedFolder.path, "Where does the file server move to?", "--index", index, "--retriever", "bm25", "--json", "--top", "1"])
        let proseAnswer = try XCTUnwrap(((prose.json?["answers"]) as? [[String: Any]])?.first, prose.stdout)
        XCTAssertTrue(proseAnswer["cell"] is NSNull, "a mail's prose is in no cell")
    }
}

extension CLITests {
    /// The whole 26-question set of Tests/Fixtures/mixed-folder-questions.json, end to end
    /// with BM25: each question is answered from its own file, and every answer but the four
    /// known misses is the expected one (as SQuAD's exact match compares). The misses, kept
    /// visible here and in Benchmarks/RESULTS-formats.md: the OCR'd "23 kilometres long" (one
    /// word too many), two rows where the reader picks the neighbouring row's value (Omar
    /// Haddad's room, the Zermatt platform) and the Eggishorn guide, where the prose above the
    /// table outscores the row. A fixed miss makes this test fail: move it to the answered ones.
    func testEveryMixedFolderQuestionIsAnsweredFromItsFileAndAllButTheKnownMissesRight() throws {
        let data = try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("Tests/Fixtures/mixed-folder-questions.json"))
        let set = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        var questions: [(file: String, question: String, answer: String)] = []
        for article in try XCTUnwrap(set["data"] as? [[String: Any]]) {
            for paragraph in try XCTUnwrap(article["paragraphs"] as? [[String: Any]]) {
                for qa in try XCTUnwrap(paragraph["qas"] as? [[String: Any]]) {
                    let answer = try XCTUnwrap((qa["answers"] as? [[String: Any]])?.first?["text"] as? String)
                    questions.append((try XCTUnwrap(article["title"] as? String), try XCTUnwrap(qa["question"] as? String), answer))
                }
            }
        }
        XCTAssertEqual(questions.count, 26)
        let knownMisses: Set<String> = ["How long is the Aletsch glacier?", "Which room is Omar Haddad in?",
                                        "Which platform does the Zermatt train leave from?", "Who guides the Eggishorn trip?"]
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("albertqa-mixed-all-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let index = work.appendingPathComponent("index.sqlite").path
        let result = try run(["ask", Self.mixedFolder.path, "-", "--index", index, "--retriever", "bm25", "--json", "--top", "1"],
                             stdin: questions.map(\.question).joined(separator: "\n") + "\n")
        let lines = result.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        XCTAssertEqual(lines.count, questions.count, result.stdout)
        var right = 0
        for (line, expected) in zip(lines, questions) {
            XCTAssertEqual(line["question"] as? String, expected.question)
            let answer = try XCTUnwrap((line["answers"] as? [[String: Any]])?.first, "no answer to \(expected.question)")
            XCTAssertEqual(answer["document"] as? String, expected.file, expected.question)
            let isRight = Self.squadNormalized(answer["text"] as? String ?? "") == Self.squadNormalized(expected.answer)
            if isRight { right += 1 }
            XCTAssertEqual(isRight, !knownMisses.contains(expected.question), "\(expected.question) → \(answer["text"] ?? "nil")")
        }
        XCTAssertEqual(right, 22)
    }
}
