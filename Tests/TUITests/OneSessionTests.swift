import Albert
import Answering
import Foundation
import Retrieval
import Synchronization
import TestSupport
@testable import TUI
import XCTest

/// Both front ends go through one `AnsweringSession` with one `SessionSettings`: the CLI's path
/// (open the session with a reader, update the index, `session.ask`, as `openSession` and
/// `ask` do) and the interface's worker give the same answers for the same folder and settings,
/// the interface keeps an index cut with the CLI's chunking, and a broken calibration file is
/// the same one-line error in both.
/// The reader the worker loads (int8), loaded once for the CLI's side.
private let oneSessionReader = try! AlbertReader(directory: WorkerTests.model, precision: .int8)

final class OneSessionTests: XCTestCase {
    static let model = WorkerTests.model

    private var folders: [DocumentFolder] = []
    override func tearDown() {
        folders.forEach { $0.remove() }
        super.tearDown()
    }

    private func makeFolder() throws -> DocumentFolder {
        let folder = try DocumentFolder(prefix: "albertqa-one-session")
        folders.append(folder)
        try folder.write("glaciers.txt", """
            Glaciers of the Alps

            The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais, Switzerland. \
            Its ice is up to 900 metres thick at Konkordiaplatz, where four glaciers meet.

            The Rhone Glacier is the source of the river Rhone. It has lost more than a kilometre of its length since 1850.

            """)
        try folder.write("lakes.md", "# Lakes\n\nLake Geneva is the largest lake of Switzerland. Lake Constance lies between Germany, Austria and Switzerland.\n")
        for (i, town) in ["Bern", "Basel", "Geneva", "Zurich", "Lugano"].enumerated() {
            try folder.write("town\(i).txt", "\(town) number \(i)\n\nThe market of \(town) opens on day \(i + 3) of the month and sells cheese, bread and flowers to visitors.\n")
        }
        return folder
    }

    /// The CLI's path: `openSession` opens the session with the command's settings and reader,
    /// brings the index (and, when the vectors are wanted, the vectors) up to date; `ask` asks it.
    private func askLikeTheCLI(_ question: String, folder: DocumentFolder, settings: SessionSettings,
                               encoder: (any PassageEncoder)? = nil) throws -> AnsweringSession.Answers {
        let session = try AnsweringSession(folder: folder.url, settings: settings, reader: oneSessionReader)
        _ = try session.updateIndex()
        if let encoder {
            session.attach(encoder: encoder)
            _ = try session.updateVectors()
        }
        return try session.ask(question)
    }

    /// The interface's path: the worker with the same settings (the index location travels with
    /// each job, as TUIApplication sends it).
    private func askLikeTheInterface(_ question: String, folder: DocumentFolder, settings: SessionSettings,
                                     encoder: @escaping Worker.EncoderLoader, waitForVectors: Bool)
        throws -> (set: AnswerSet, texts: [String: String], retriever: RetrieverKind?) {
        let worker = Worker(model: ReaderModel(directory: Self.model, precision: .int8), settings: settings, loadEncoder: encoder, encodingBatch: 2)
        defer { worker.stop() }
        let events = WorkerTests.Events()
        let job = Worker.IndexJob(folder: folder.url, databaseURL: settings.databaseURL, generation: 0, quiet: false)
        worker.index(job, token: CancellationToken(), inbox: events.inbox)
        if waitForVectors {
            events.wait("complete vectors") { _ in events.completed(generation: 0) != nil }
        } else {
            events.wait("the encoder's absence") { _ in events.vectorStatuses.contains { $0.0.isUnavailable } }
        }
        var quietJob = job
        quietJob.quiet = true
        worker.ask(question, job: 1, indexJob: quietJob, token: CancellationToken(), inbox: events.inbox)
        events.wait("the answers") { _ in events.finalAnswers(job: 1) != nil }
        let index = try XCTUnwrap(events.finalAnswersIndex(job: 1))
        guard case let .answers(set, texts, _, retriever, _) = events.all[index] else { throw XCTSkip("not an answer event") }
        XCTAssertFalse(events.all.contains { if case .failure = $0 { return true } else { return false } }, "\(events.all.map(WorkerTests.Events.describe))")
        return (set, texts, retriever)
    }

    private func assertSameAnswers(_ cli: AnsweringSession.Answers, _ interface: (set: AnswerSet, texts: [String: String], retriever: RetrieverKind?),
                                   line: UInt = #line) {
        XCTAssertFalse(cli.set.answers.isEmpty, line: line)
        XCTAssertEqual(interface.retriever, cli.retriever, line: line)
        XCTAssertEqual(interface.set.passagesRead, cli.set.passagesRead, line: line)
        XCTAssertEqual(interface.set.answers.map(\.text), cli.set.answers.map(\.text), line: line)
        XCTAssertEqual(interface.set.answers.map(\.locations), cli.set.answers.map(\.locations), "documents and offsets", line: line)
        XCTAssertEqual(interface.set.answers.map(\.probability), cli.set.answers.map(\.probability), line: line)
        XCTAssertEqual(interface.set.answers.map(\.score), cli.set.answers.map(\.score), line: line)
        XCTAssertEqual(interface.set.found, cli.set.found, line: line)
        // The interface also gets the text of every document it may show.
        XCTAssertEqual(Set(interface.texts.keys), Set(interface.set.retrieved.map(\.documentPath)), line: line)
    }

    func testTheCLIAndTheInterfaceGiveTheSameAnswersWithBM25() throws {
        let folder = try makeFolder()
        var settings = SessionSettings(answering: AnsweringOptions(passages: 4, answers: 3))
        settings.chunking = ChunkingOptions(maxWords: 120, overlapSentences: 1)
        // Every town's passage matches: 4 of them are read.
        let question = "On which day does the market of Bern open?"
        settings.databaseURL = folder.base.appendingPathComponent("cli.sqlite")
        let cli = try askLikeTheCLI(question, folder: folder, settings: settings)
        XCTAssertEqual(cli.retriever, .bm25, "auto without vectors")
        XCTAssertEqual(cli.set.passagesTotal, 4, "the settings' passages per question")
        XCTAssertEqual(cli.set.answers.first?.locations.first?.documentPath, "town0.txt")
        XCTAssertLessThanOrEqual(cli.set.answers.count, 3)
        settings.databaseURL = folder.base.appendingPathComponent("interface.sqlite")
        let interface = try askLikeTheInterface(question, folder: folder, settings: settings, encoder: { throw AnsweringError.encoderNotFound },
                                                waitForVectors: false)
        assertSameAnswers(cli, interface)
    }

    func testTheCLIAndTheInterfaceGiveTheSameAnswersWithHybridRetrieval() throws {
        let folder = try makeFolder()
        var settings = SessionSettings(answering: AnsweringOptions(passages: 3, answers: 5))
        settings.fusion.denseWeight = 1.5
        let question = "Where do four glaciers meet?"
        settings.databaseURL = folder.base.appendingPathComponent("cli.sqlite")
        let cli = try askLikeTheCLI(question, folder: folder, settings: settings, encoder: WorkerTests.FakeEncoder())
        XCTAssertEqual(cli.retriever, .hybrid, "auto with complete vectors")
        XCTAssertEqual(cli.set.retrieved.first?.scoreKind, .fused)
        settings.databaseURL = folder.base.appendingPathComponent("interface.sqlite")
        let interface = try askLikeTheInterface(question, folder: folder, settings: settings, encoder: { WorkerTests.FakeEncoder() },
                                                waitForVectors: true)
        assertSameAnswers(cli, interface)
        XCTAssertEqual(interface.set.retrieved.map(\.passageID), cli.set.retrieved.map(\.passageID), "the same passages, fused the same way")
    }

    /// `albertqa index --passage-words 120 DIR`, then `albertqa --passage-words 120 DIR`: the
    /// interface opens the index as it is (it was rebuilt when the interface ignored chunking).
    func testTheInterfaceKeepsAnIndexCutWithTheCLIsChunking() throws {
        let folder = try makeFolder()
        var settings = SessionSettings(databaseURL: folder.base.appendingPathComponent("index.sqlite"))
        settings.chunking = ChunkingOptions(maxWords: 120, overlapSentences: 1)
        let indexed = try AnsweringSession(folder: folder.url, settings: settings, reader: nil).updateIndex()
        XCTAssertEqual(indexed.added, 7)

        func indexSummary(_ settings: SessionSettings) throws -> IndexSummary {
            let worker = Worker(model: ReaderModel(directory: Self.model, precision: .int8), settings: settings,
                                loadEncoder: { throw AnsweringError.encoderNotFound })
            defer { worker.stop() }
            let events = WorkerTests.Events()
            worker.index(Worker.IndexJob(folder: folder.url, databaseURL: settings.databaseURL, generation: 0, quiet: false),
                         token: CancellationToken(), inbox: events.inbox)
            events.wait("the index run") { all in all.contains { if case .indexed = $0 { return true } else { return false } } }
            for case let .indexed(summary, _, _) in events.all { return summary }
            throw XCTSkip("no index event")
        }
        let same = try indexSummary(settings)
        XCTAssertNil(same.notice, "not rebuilt")
        XCTAssertEqual(same.unchanged, 7)
        XCTAssertEqual(same.added, 0)
        XCTAssertEqual(same.passages, indexed.passages)
        // Other chunking (the interface's defaults before the settings reached it) rebuilds it.
        var defaults = settings
        defaults.chunking = ChunkingOptions()
        let rebuilt = try indexSummary(defaults)
        XCTAssertNotNil(rebuilt.notice)
        XCTAssertEqual(rebuilt.added, 7)
    }

    /// A model folder whose calibration.json is broken: `ask` stops with the error, and the
    /// interface posts the same words as a failure (it used to ignore the file silently).
    func testABrokenCalibrationFileIsTheSameErrorInBothFrontEnds() throws {
        let folder = try makeFolder()
        let model = folder.base.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        for file in ["config.json", "model.safetensors", "spiece.model"] {
            try FileManager.default.createSymbolicLink(at: model.appendingPathComponent(file), withDestinationURL: Self.model.appendingPathComponent(file))
        }
        try Data("{\"version\": 1, \"features\": [\"nonsense\"]".utf8).write(to: model.appendingPathComponent(AnswerCalibration.fileName))
        let settings = SessionSettings(databaseURL: folder.base.appendingPathComponent("index.sqlite"))

        let reader = try AlbertReader(directory: model, precision: .int8)
        var cliMessage = ""
        XCTAssertThrowsError(try AnsweringSession(folder: folder.url, settings: settings, reader: reader)) { cliMessage = "\($0)" }
        XCTAssertTrue(cliMessage.contains(AnswerCalibration.fileName), cliMessage)
        XCTAssertFalse(cliMessage.contains("\n"), cliMessage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: settings.databaseURL!.path), "the error comes before the index is touched")

        let worker = Worker(model: ReaderModel(directory: model, precision: .int8), settings: settings, loadEncoder: { throw AnsweringError.encoderNotFound })
        defer { worker.stop() }
        let events = WorkerTests.Events()
        worker.index(Worker.IndexJob(folder: folder.url, databaseURL: settings.databaseURL, generation: 3, quiet: false),
                     token: CancellationToken(), inbox: events.inbox)
        events.wait("the failure") { all in all.contains { if case .failure = $0 { return true } else { return false } } }
        let failures = events.all.compactMap { if case let .failure(error, generation) = $0 { return ("\(error)", generation) } else { return nil } }
        XCTAssertEqual(failures.first?.0, cliMessage)
        XCTAssertEqual(failures.first?.1, 3)
    }

    /// `--retriever` reaches the interface: hybrid named waits for the vectors (as the CLI
    /// encodes them before answering), BM25 named never loads the encoder.
    func testTheInterfaceUsesTheRetrieverNamedInTheSettings() throws {
        let folder = try makeFolder()
        let question = "How long is the Aletsch Glacier?"
        for kind in [RetrieverKind.hybrid, .bm25] {
            var settings = SessionSettings(databaseURL: folder.base.appendingPathComponent("\(kind).sqlite"), retriever: kind,
                                           answering: AnsweringOptions(passages: 3, answers: 3))
            settings.chunking = ChunkingOptions(maxWords: 120, overlapSentences: 1)
            let encoder = WorkerTests.FakeEncoder()
            let loads = Atomic<Int>(0)
            let worker = Worker(model: ReaderModel(directory: Self.model, precision: .int8), settings: settings, loadEncoder: {
                loads.add(1, ordering: .relaxed)
                return encoder
            })
            let events = WorkerTests.Events()
            worker.ask(question, job: 1, indexJob: Worker.IndexJob(folder: folder.url, databaseURL: settings.databaseURL, generation: 0, quiet: true),
                       token: CancellationToken(), inbox: events.inbox)
            events.wait("the answers") { _ in events.finalAnswers(job: 1) != nil }
            worker.stop()
            let (answers, retriever) = try XCTUnwrap(events.finalAnswers(job: 1))
            XCTAssertEqual(retriever, kind)
            XCTAssertEqual(answers.answers.first?.text, "23 kilometres long")
            if kind == .hybrid {
                XCTAssertEqual(loads.load(ordering: .relaxed), 1)
                XCTAssertEqual(answers.retrieved.first?.scoreKind, .fused)
                // Every passage encoded before the question was answered.
                let complete = try XCTUnwrap(events.completeIndex(generation: 0))
                XCTAssertLessThan(complete, try XCTUnwrap(events.finalAnswersIndex(job: 1)))
                XCTAssertEqual(events.completed(generation: 0), 7)
            } else {
                XCTAssertEqual(loads.load(ordering: .relaxed), 0, "no encoder for BM25")
                XCTAssertEqual(encoder.texts, [])
                XCTAssertTrue(events.vectorStatuses.contains { $0.0 == .unavailable(reason: "retriever bm25 chosen", detail: "no passage vectors are computed") },
                              "\(events.vectorStatuses)")
            }
        }
    }
}
