import Answering
import Foundation
import Retrieval
import Synchronization
import TestSupport
@testable import TUI
import XCTest

/// The worker owns the folder's `AnsweringSession`: it indexes, answers, and computes passage
/// vectors in the background in batches that questions preempt. These tests run the real reader
/// on small folders; the encoder is a fake whose batches the test can hold (so "a question
/// during encoding" is a certainty, not a race), and the real sentence encoder once.
final class WorkerTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let model = repositoryRoot.appendingPathComponent("Models/albert-qa-minilm-squad")

    /// Deterministic bag-of-words vectors; records what it encoded; can hold a batch until
    /// released.
    final class FakeEncoder: PassageEncoder {
        let identifier = "fake-bag-of-words@1"
        let dimension = 16
        private let encoded = Mutex<[String]>([])
        private let batches = Atomic<Int>(0)
        /// The batch (1-based) that waits for `release()`; 0: none.
        let holdBatch: Int
        let held = DispatchSemaphore(value: 0)
        let reachedHold = DispatchSemaphore(value: 0)

        init(holdBatch: Int = 0) { self.holdBatch = holdBatch }

        var texts: [String] { encoded.withLock { $0 } }
        func release() { held.signal() }

        func encode(_ texts: [String]) throws -> [[Float]] {
            let batch = batches.add(1, ordering: .sequentiallyConsistent).newValue
            encoded.withLock { $0 += texts }
            if batch == holdBatch {
                reachedHold.signal()
                held.wait()
            }
            return texts.map(Self.vector)
        }

        static func vector(_ text: String) -> [Float] {
            var vector = [Float](repeating: 0, count: 16)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                vector[Int(word.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31) &+ $1.value } % 16)] += 1
            }
            let norm = max(1e-6, vector.reduce(0) { $0 + $1 * $1 }.squareRoot())
            return vector.map { $0 / norm }
        }
    }

    /// Collects the worker's events.
    final class Events {
        let inbox = Inbox()
        var all: [WorkerEvent] = []

        /// Drains until `condition` holds (a minute at most: the machine may be loaded).
        @discardableResult
        func wait(_ what: String, _ condition: ([WorkerEvent]) -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                all += inbox.drain()
                if condition(all) { return true }
                Thread.sleep(forTimeInterval: 0.005)
            }
            XCTFail("timed out waiting for \(what); events: \(all.map(Self.describe))")
            return false
        }

        func finalAnswers(job: Int) -> (AnswerSet, RetrieverKind?)? {
            finalAnswersIndex(job: job).map { i in
                guard case let .answers(set, _, _, retriever, _) = all[i] else { fatalError() }
                return (set, retriever)
            }
        }

        func finalAnswersIndex(job: Int) -> Int? {
            all.firstIndex { event in
                guard case let .answers(set, _, answerJob, _, _) = event else { return false }
                return answerJob == job && (set.isComplete || set.cancelled)
            }
        }

        func completeIndex(generation: Int) -> Int? {
            all.firstIndex { if case .vectors(.complete, generation) = $0 { return true } else { return false } }
        }

        var vectorStatuses: [(VectorStatus, Int)] {
            all.compactMap { if case let .vectors(status, generation) = $0 { return (status, generation) } else { return nil } }
        }

        func completed(generation: Int) -> Int? {
            for case let (.complete(passages, _), eventGeneration) in vectorStatuses where eventGeneration == generation { return passages }
            return nil
        }

        static func describe(_ event: WorkerEvent) -> String {
            switch event {
            case .indexProgress: "indexProgress"
            case let .indexed(summary, generation, _): "indexed(\(summary.passages), g\(generation))"
            case let .answers(set, _, job, retriever, _): "answers(\(set.passagesRead)/\(set.passagesTotal), job \(job), \(retriever?.displayName ?? "-"))"
            case let .vectors(status, generation): "vectors(\(status), g\(generation))"
            case let .failure(message, _): "failure(\(message))"
            }
        }
    }

    private var folders: [DocumentFolder] = []
    override func tearDown() {
        folders.forEach { $0.remove() }
        super.tearDown()
    }

    /// A folder of `count` short documents (one passage each) plus the glacier document.
    private func makeFolder(documents count: Int) throws -> DocumentFolder {
        let folder = try DocumentFolder(prefix: "albertqa-worker")
        folders.append(folder)
        try folder.write("glaciers.txt", "Glaciers of the Alps\n\nThe Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long and lies in the canton of Valais, Switzerland.\n")
        let towns = ["Bern", "Basel", "Geneva", "Zurich", "Lugano", "Chur", "Sion", "Thun", "Aarau", "Zug", "Olten", "Baden"]
        for i in 0..<count {
            let town = towns[i % towns.count]
            try folder.write("town\(i).txt", "\(town) number \(i)\n\nThe market of \(town) opens on day \(i) of the month and sells cheese, bread and flowers to visitors.\n")
        }
        return folder
    }

    private func makeWorker(_ loadEncoder: @escaping Worker.EncoderLoader) -> Worker {
        // Batches of 2, so that the progress below is easy to follow.
        Worker(model: ReaderModel(directory: Self.model, precision: .int8), settings: SessionSettings(answering: AnsweringOptions(passages: 5, answers: 3)), loadEncoder: loadEncoder, encodingBatch: 2)
    }

    private func indexJob(_ folder: DocumentFolder, generation: Int = 0, quiet: Bool = false) -> Worker.IndexJob {
        Worker.IndexJob(folder: folder.url, databaseURL: folder.base.appendingPathComponent("index.sqlite"), generation: generation, quiet: quiet)
    }

    func testAQuestionDuringEncodingIsAnsweredFirstByBM25ThenEncodingResumes() throws {
        let folder = try makeFolder(documents: 15)  // 16 passages: 8 batches of 2
        let encoder = FakeEncoder(holdBatch: 2)
        let worker = makeWorker { encoder }
        let events = Events()
        worker.index(indexJob(folder), token: CancellationToken(), inbox: events.inbox)
        // The second batch is being encoded (and held there): encoding is under way.
        XCTAssertEqual(encoder.reachedHold.wait(timeout: .now() + 60), .success)
        worker.ask("How long is the Aletsch Glacier?", job: 1, indexJob: indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)
        encoder.release()
        events.wait("the answers") { _ in events.finalAnswers(job: 1) != nil }
        let (answers, retriever) = try XCTUnwrap(events.finalAnswers(job: 1))
        XCTAssertEqual(retriever, .bm25)
        XCTAssertEqual(answers.answers.first?.text, "23 kilometres long")
        events.wait("complete vectors") { _ in events.completed(generation: 0) != nil }
        XCTAssertEqual(events.completed(generation: 0), 16)
        // Answered before the vectors were complete: encoding yielded after its batch, and
        // resumed after the answer.
        let answered = try XCTUnwrap(events.finalAnswersIndex(job: 1))
        XCTAssertLessThan(answered, try XCTUnwrap(events.completeIndex(generation: 0)))
        let progress = { (events: ArraySlice<WorkerEvent>) in
            events.compactMap { if case let .vectors(.encoding(done, total), _) = $0 { return [done, total] } else { return nil } }
        }
        XCTAssertEqual(progress(events.all[..<answered]), [[0, 16], [2, 16], [4, 16]])  // fresh index, then two batches
        XCTAssertEqual(progress(events.all[answered...]), [[6, 16], [8, 16], [10, 16], [12, 16], [14, 16], [16, 16]])
        // Every passage encoded exactly once: resuming did not start over.
        XCTAssertEqual(encoder.texts.count, 16)
        XCTAssertEqual(Set(encoder.texts).count, 16)

        // Complete: the next question uses the session's hybrid retriever.
        worker.ask("How long is the Aletsch Glacier?", job: 2, indexJob: indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)
        events.wait("the second answers") { _ in events.finalAnswers(job: 2) != nil }
        XCTAssertEqual(events.finalAnswers(job: 2)?.1, .hybrid)
        XCTAssertEqual(events.finalAnswers(job: 2)?.0.answers.first?.text, "23 kilometres long")
        worker.stop()
    }

    func testAChangedFileReencodesOnlyItsPassages() throws {
        let folder = try makeFolder(documents: 5)
        let encoder = FakeEncoder()
        let worker = makeWorker { encoder }
        let events = Events()
        worker.index(indexJob(folder), token: CancellationToken(), inbox: events.inbox)
        events.wait("complete vectors") { _ in events.completed(generation: 0) != nil }
        XCTAssertEqual(encoder.texts.count, 6)

        try folder.write("town2.txt", "Geneva number 2\n\nThe market of Geneva moved to the lake shore in spring.\n")
        try folder.write("lakes.txt", "Lakes\n\nLake Geneva is the largest lake of Switzerland.\n")
        let before = events.all.count
        worker.index(indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)  // as the folder watcher does
        events.wait("complete vectors again") { all in
            all.dropFirst(before).contains { if case .vectors(.complete, _) = $0 { return true } else { return false } }
        }
        // Back to BM25 (vectors incomplete) as soon as the index changed, then complete again.
        let after = events.all[before...].compactMap { if case let .vectors(status, _) = $0 { return status } else { return nil } }
        XCTAssertEqual(after, [.encoding(done: 5, total: 7), .encoding(done: 7, total: 7), .complete(passages: 7, ranking: .hybrid(fusion: HybridSettings.default.summary))])
        let reencoded = Array(encoder.texts.dropFirst(6))
        XCTAssertEqual(reencoded.count, 2, "\(reencoded)")
        XCTAssertTrue(reencoded.contains { $0.contains("lake shore") })
        XCTAssertTrue(reencoded.contains { $0.contains("Lake Geneva is the largest lake") })
        worker.stop()
    }

    func testWithoutAnEncoderQuestionsUseBM25AndTheReasonIsPosted() throws {
        let folder = try makeFolder(documents: 2)
        let worker = makeWorker { throw AnsweringError.encoderNotFound }
        let events = Events()
        worker.index(indexJob(folder), token: CancellationToken(), inbox: events.inbox)
        worker.ask("How long is the Aletsch Glacier?", job: 1, indexJob: indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)
        events.wait("the answers") { _ in events.finalAnswers(job: 1) != nil }
        XCTAssertEqual(events.finalAnswers(job: 1)?.1, .bm25)
        XCTAssertEqual(events.finalAnswers(job: 1)?.0.answers.first?.text, "23 kilometres long")
        // The encoder is loaded after the first index run and question: its absence is posted then.
        events.wait("the encoder's absence") { _ in events.vectorStatuses.contains { $0.0.isUnavailable } }
        XCTAssertEqual(events.vectorStatuses.map(\.0), [.encoding(done: 0, total: 3),
                                                          .unavailable(reason: "no sentence encoder", detail: "\(AnsweringError.encoderNotFound)")])
        // Later index runs say it again (the state shows it once) and compute nothing.
        worker.index(indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)
        events.wait("the encoder's absence again") { _ in events.vectorStatuses.filter { $0.0.isUnavailable }.count == 2 }
        worker.stop()
    }

    func testAnotherFolderTakesOverTheEncoding() throws {
        let first = try makeFolder(documents: 9)
        let second = try makeFolder(documents: 3)
        let encoder = FakeEncoder(holdBatch: 2)
        let worker = makeWorker { encoder }
        let events = Events()
        worker.index(indexJob(first, generation: 0), token: CancellationToken(), inbox: events.inbox)
        XCTAssertEqual(encoder.reachedHold.wait(timeout: .now() + 60), .success)
        worker.index(indexJob(second, generation: 1), token: CancellationToken(), inbox: events.inbox)
        encoder.release()
        events.wait("the second folder's vectors") { _ in events.completed(generation: 1) != nil }
        XCTAssertEqual(events.completed(generation: 1), 4)
        XCTAssertNil(events.completed(generation: 0))
        // After the second folder's index run, every vector event is the second folder's.
        let indexed = try XCTUnwrap(events.all.firstIndex { if case .indexed(_, 1, _) = $0 { return true } else { return false } })
        for case let .vectors(status, generation) in events.all[indexed...] { XCTAssertEqual(generation, 1, "\(status)") }
        worker.stop()
    }

    func testStopEndsEncodingAfterItsBatch() throws {
        let folder = try makeFolder(documents: 9)
        let encoder = FakeEncoder(holdBatch: 2)
        let worker = makeWorker { encoder }
        let events = Events()
        worker.index(indexJob(folder), token: CancellationToken(), inbox: events.inbox)
        XCTAssertEqual(encoder.reachedHold.wait(timeout: .now() + 60), .success)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { encoder.release() }
        worker.stop()  // returns once the held batch is written
        let encoded = encoder.texts.count
        XCTAssertEqual(encoded, 4)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(encoder.texts.count, encoded)
        events.all += events.inbox.drain()
        XCTAssertNil(events.completed(generation: 0))
    }

    /// The real sentence encoder on a small folder: vectors complete in the background, then
    /// questions are answered by the hybrid retriever.
    func testTheShippedEncoderMakesQuestionsHybrid() throws {
        let folder = try makeFolder(documents: 3)
        let worker = makeWorker { try SentenceEncoderAdapter.load(precision: .int8) }
        let events = Events()
        worker.index(indexJob(folder), token: CancellationToken(), inbox: events.inbox)
        events.wait("complete vectors") { _ in events.completed(generation: 0) != nil }
        XCTAssertEqual(events.completed(generation: 0), 4)
        worker.ask("Which glacier is the largest in the Alps?", job: 1, indexJob: indexJob(folder, quiet: true), token: CancellationToken(), inbox: events.inbox)
        events.wait("the answers") { _ in events.finalAnswers(job: 1) != nil }
        XCTAssertEqual(events.finalAnswers(job: 1)?.1, .hybrid)
        let best = try XCTUnwrap(events.finalAnswers(job: 1)?.0.answers.first?.text)
        XCTAssertTrue(best.contains("Aletsch"), best)
        worker.stop()
    }
}
