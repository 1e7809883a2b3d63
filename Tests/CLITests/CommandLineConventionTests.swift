import Foundation
import TestSupport
import XCTest

/// The command line's conventions end to end (issues 11 and 12): command words and folders,
/// option values, output failures, terminal safety, signals, standard input, exit statuses,
/// missing folders, the configuration file and the installed layout.
final class CommandLineConventionTests: XCTestCase {
    var albertqa = AlbertQAProcess()
    var documents: DocumentFolder!

    override func setUpWithError() throws {
        albertqa = AlbertQAProcess()
        documents = try DocumentFolder(prefix: "albertqa-conventions")
        try documents.write("nature.txt", "The Aletsch Glacier is 23 kilometres long.\n\nMount Etna is a volcano in Sicily. It erupted in 2021.")
        try documents.write("cities.txt", "Zürich is the largest city in Switzerland.\n\nBern is the federal city of Switzerland.")
    }

    override func tearDown() {
        albertqa.remove()
        documents.remove()
    }

    func testCommandWordsWinOverFoldersNamedLikeThem() throws {
        let work = albertqa.home.appendingPathComponent("work")
        for name in ["index", "search", "ask"] {
            try FileManager.default.createDirectory(at: work.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        albertqa.directory = work
        let indexed = try albertqa.run(["index", documents.url.path, "--json"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        XCTAssertEqual(indexed.json?["added"] as? Int, 2)
        let search = try albertqa.run(["search", documents.url.path, "volcano", "--json"])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertEqual((search.json?["passages"] as? [[String: Any]])?.first?["document"] as? String, "nature.txt")
        // A path (or `--`) opens the folder named like a command in the interface: its help, or
        // (without a terminal) its pointer to `ask`, shows where the word was routed.
        let interface = try albertqa.run(["./index", "--help"])
        XCTAssertEqual(interface.status, 0, interface.stderr)
        XCTAssertTrue(interface.stdout.contains("usage: albertqa [DIR] [options]"), interface.stdout)
        for arguments in [["./index"], ["--", "index"]] {
            let opened = try albertqa.run(arguments)
            XCTAssertEqual(opened.status, 1, "\(arguments): \(opened.stderr)")
            XCTAssertTrue(opened.stderr.contains("albertqa ask DIR"), "the interface, which needs a terminal: \(opened.stderr)")
        }
        let help = try albertqa.run(["--help"])
        XCTAssertTrue(help.stdout.contains("albertqa ./index"), "the help says how to open such a folder")
    }

    func testNonFiniteAndAbsurdOptionValuesAreOneLineUsageErrorsBeforeAnyWork() throws {
        for (option, value) in [("--bm25-weight", "1e308"), ("--bm25-weight", "nan"), ("--bm25-weight", "inf"), ("--top", "0"),
                                ("--top", "1e3"), ("--passages", "100000"), ("--passage-words", "-5")] {
            for json in [true, false] {
                let result = try albertqa.run(["ask", documents.url.path, "How long is the glacier?", option, value] + (json ? ["--json"] : []))
                XCTAssertEqual(result.status, 2, "\(option) \(value)")
                XCTAssertEqual(result.stdout, "", "nothing on stdout: \(option) \(value)")
                let lines = result.stderr.split(separator: "\n")
                XCTAssertEqual(lines.count, 2, result.stderr)
                XCTAssertTrue(lines.first?.hasPrefix("albertqa: \(option) must be " + (option == "--bm25-weight" ? "a number in -100...100" : "a whole number in ")) == true, result.stderr)
                XCTAssertTrue(lines.first?.hasSuffix(", got '\(value)'") == true, result.stderr)
                XCTAssertTrue(lines.last?.hasPrefix("usage: albertqa ask DIR QUESTION [options]") == true, result.stderr)
                XCTAssertFalse(result.stderr.lowercased().contains("nan%"))
            }
        }
        XCTAssertEqual(albertqa.cacheFiles(), [], "rejected before an index was opened")
    }

    func testOutputThatCannotBeWrittenIsAnError() throws {
        let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        for json in [true, false] {
            let result = try albertqa.run(["read", "--question", "How long is the glacier?", "--context", "The Aletsch Glacier is 23 kilometres long."]
                                          + (json ? ["--json"] : []), stdout: full)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertEqual(result.stderr, "albertqa: cannot write to standard output: No space left on device\n")
        }
        let search = try albertqa.run(["search", documents.url.path, "volcano", "--json"], stdout: full)
        XCTAssertEqual(search.status, 1, search.stderr)
    }

    func testEscapeSequencesInDocumentsAndFileNamesAreNeutralised() throws {
        let evilName = "evil\u{1B}]0;pwned\u{07}.txt"
        try documents.write(evilName, "The vault code of Kestrel Bank is Zebra42.\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}[2J Kestrel Bank \u{9B}31m opened in 1899.\u{7F}")
        let terminalControls: (String) -> [Unicode.Scalar] = { text in
            text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
        }
        let search = try albertqa.run(["search", documents.url.path, "Kestrel vault code"])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertEqual(terminalControls(search.stdout + search.stderr), [], search.stdout)
        XCTAssertTrue(search.stdout.contains("evil\u{241B}]0;pwned\u{2407}.txt"), search.stdout)
        XCTAssertTrue(search.stdout.contains("\u{241B}]52;c;SGVsbG8=\u{2407}\u{241B}[2J"), search.stdout)

        let ask = try albertqa.run(["ask", documents.url.path, "What is the vault code of Kestrel Bank?"])
        XCTAssertEqual(terminalControls(ask.stdout + ask.stderr), [], ask.stdout)
        XCTAssertTrue(ask.stdout.contains("evil\u{241B}]0;pwned\u{2407}.txt"), ask.stdout)

        // With colour forced on, the only escape sequences are our own SGR codes.
        let colored = try albertqa.run(["ask", documents.url.path, "What is the vault code of Kestrel Bank?", "--color", "always"])
        XCTAssertTrue(colored.stdout.contains("\u{1B}[35mevil\u{241B}]0;pwned\u{2407}.txt:"), colored.stdout)
        let withoutSGR = colored.stdout.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(terminalControls(withoutSGR), [])

        // JSON keeps the exact text, with the controls escaped.
        let json = try albertqa.run(["search", documents.url.path, "Kestrel vault code", "--json"])
        XCTAssertEqual(terminalControls(json.stdout), [])
        XCTAssertTrue(json.stdout.contains("\\u001b]52;c;SGVsbG8=\\u0007"), json.stdout)
        XCTAssertTrue(json.stdout.contains("\\u009b31m"), json.stdout)
        let passage = try XCTUnwrap((json.json?["passages"] as? [[String: Any]])?.first)
        XCTAssertEqual(passage["document"] as? String, evilName)
        XCTAssertTrue((passage["text"] as? String)?.contains("\u{1B}[2J Kestrel Bank \u{9B}31m") == true)
    }

    /// Sends `signal` to a command that is running (tokenize waiting for its next line after
    /// answering one, the way a long pipeline stalls) and expects 128 + the signal, promptly.
    func testSignalsExitWith128PlusTheSignalNumber() throws {
        for (signal, expected) in [(SIGINT, Int32(130)), (SIGTERM, 143), (SIGHUP, 129)] {
            let (process, input, output, _) = try albertqa.start(["tokenize"])
            input.fileHandleForWriting.write(Data("Hello world\n".utf8))
            let firstLine = output.fileHandleForReading.availableData  // blocks until the first answer
            XCTAssertTrue(String(decoding: firstLine, as: UTF8.self).contains("▁hello"))
            let sent = Date()
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit, "exits, is not killed by the signal")
            XCTAssertEqual(process.terminationStatus, expected, "signal \(signal)")
            XCTAssertLessThan(Date().timeIntervalSince(sent), 1.5, "a command waiting for input ends at once")
            try? input.fileHandleForWriting.close()
        }
    }

    func testCtrlCDuringABatchOfQuestionsStopsBetweenPassagesWithCompleteLines() throws {
        XCTAssertEqual(try albertqa.run(["index", documents.url.path]).status, 0)
        let (process, input, output, _) = try albertqa.start(["ask", documents.url.path, "-"])
        let questions = (1...300).map { "How long is the Aletsch Glacier, question \($0)?" }.joined(separator: "\n") + "\n"
        let writer = Thread { input.fileHandleForWriting.write(Data(questions.utf8)); try? input.fileHandleForWriting.close() }
        writer.start()
        var printed = output.fileHandleForReading.availableData  // the first answer: answering is under way
        XCTAssertTrue(String(decoding: printed, as: UTF8.self).hasPrefix("{"))
        kill(process.processIdentifier, SIGINT)
        let sent = Date()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertLessThan(Date().timeIntervalSince(sent), 2, "stops between passages, not after 300 questions")
        printed += output.fileHandleForReading.readDataToEndOfFile()
        let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "output ends with a whole record")
        XCTAssertLessThan(lines.count - 1, 300)
        for line in lines.dropLast() { XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(line.utf8)), String(line)) }
    }

    func testCtrlCDuringIndexingStopsAtASafePointAndTheNextRunCompletes() throws {
        let big = try DocumentFolder(prefix: "albertqa-interrupt")
        defer { big.remove() }
        let words = ["glacier", "volcano", "river", "mountain", "kingdom", "science", "music", "ocean", "forest", "engine"]
        for file in 0..<1200 {
            let paragraphs = (0..<8).map { p in (0..<60).map { w in words[(file * 7 + p * 3 + w) % words.count] + String((file * 31 + w * 17 + p) % 997) }.joined(separator: " ") + "." }
            try big.write("doc\(file).txt", paragraphs.joined(separator: "\n\n"))
        }
        let database = big.base.appendingPathComponent("index.sqlite")
        // The passages' batches (BM25 alone: the vectors' batches are the next test's).
        let (process, _, _, errorPipe) = try albertqa.start(["index", big.url.path, "--index", database.path, "--retriever", "bm25", "--json"])
        let started = Date()
        while !FileManager.default.fileExists(atPath: database.path), Date().timeIntervalSince(started) < 30 { usleep(10_000) }
        usleep(1_500_000)  // long enough for the first batch (200 files) to be committed
        XCTAssertTrue(process.isRunning, "1,200 files take seconds to index; the signal must arrive while it runs")
        kill(process.processIdentifier, SIGINT)
        let sent = Date()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertLessThan(Date().timeIntervalSince(sent), 3)
        let message = String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("the index is consistent"), message)

        let completed = try albertqa.run(["index", big.url.path, "--index", database.path, "--retriever", "bm25", "--json"])
        XCTAssertEqual(completed.status, 0, completed.stderr)
        XCTAssertEqual(completed.json?["documents"] as? Int, 1200)
        XCTAssertLessThan(completed.json?["added"] as? Int ?? 1200, 1200, "what the interrupted run committed is kept")
        XCTAssertEqual(try albertqa.run(["index", big.url.path, "--index", database.path, "--retriever", "bm25", "--json"]).json?["unchanged"] as? Int, 1200)
    }

    /// `index` computes the passage vectors by default, in batches of one transaction each:
    /// Ctrl-C keeps the batches done and the next run encodes only the rest.
    func testCtrlCDuringVectorEncodingKeepsTheBatchesDone() throws {
        let folder = try DocumentFolder(prefix: "albertqa-interrupt-vectors")
        defer { folder.remove() }
        for file in 0..<40 {
            let paragraphs = (0..<4).map { p in "Note \(file) part \(p): the glacier moved \(file * 3 + p) metres down the valley this year, and the hut was rebuilt." }
            try folder.write("note\(file).txt", paragraphs.joined(separator: String(repeating: " More words about the weather and the snow.", count: 12) + "\n\n"))
        }
        let database = folder.base.appendingPathComponent("index.sqlite")
        let passages = try XCTUnwrap(try albertqa.run(["index", folder.url.path, "--index", database.path, "--retriever", "bm25", "--json"]).json?["passages"] as? Int)
        XCTAssertGreaterThan(passages, 64, "more than two batches of 32")
        let (process, _, _, errorPipe) = try albertqa.start(["index", folder.url.path, "--index", database.path, "--json"])
        let started = Date()
        var stored = 0
        while stored == 0, process.isRunning, Date().timeIntervalSince(started) < 120 {
            usleep(50_000)
            stored = try vectorRows(database)
        }
        XCTAssertTrue(process.isRunning, "the signal must arrive while passages are being encoded")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        let kept = try vectorRows(database)
        XCTAssertGreaterThan(kept, 0)
        XCTAssertLessThan(kept, passages)
        let completed = try albertqa.run(["index", folder.url.path, "--index", database.path, "--json"])
        XCTAssertEqual(completed.status, 0, completed.stderr)
        let vectors = try XCTUnwrap(completed.json?["vectors"] as? [String: Any])
        XCTAssertEqual(vectors["encoded"] as? Int, passages - kept, "only what the interrupted run had not stored")
        XCTAssertEqual(vectors["stored"] as? Int, passages)
    }

    /// Passages with a vector, read with the sqlite3 tool while AlbertQA writes (WAL).
    func vectorRows(_ database: URL) throws -> Int {
        guard FileManager.default.fileExists(atPath: database.path) else { return 0 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", database.path, "SELECT count(*) FROM passage_vectors"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Int(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// 100 KB of binary on a pipe was once 360 garbage "questions" answered for 50 s, exit 0.
    func testBinaryStandardInputIsAUsageError() throws {
        var bytes = Data("Where is Mount Etna?\n".utf8)
        bytes.append(contentsOf: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) })
        let started = Date()
        let result = try albertqa.run(["ask", documents.url.path, "-"], stdinBytes: bytes)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("is not UTF-8 text"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").filter { $0.contains("not UTF-8") }.count, 1, result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
    }

    func testQuestionsFromStandardInputOneOrABatchOfJSONLines() throws {
        let one = try albertqa.run(["ask", documents.url.path, "-", "--top", "1"], stdin: "How long is the Aletsch Glacier?\n")
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.hasPrefix("1. 23 kilometres"), one.stdout)

        let questions = ["How long is the Aletsch Glacier?", "", "Where is Mount Etna?", "What is the largest city in Switzerland?"]
        let batch = try albertqa.run(["ask", documents.url.path, "-"], stdin: questions.joined(separator: "\n"))
        XCTAssertEqual(batch.status, 0, batch.stderr)
        let lines = batch.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, "one JSON object per non-blank question:\n\(batch.stdout)")
        let records = batch.jsonLines
        XCTAssertEqual(records.map { $0["question"] as? String }, questions.filter { !$0.isEmpty })
        let best = records.map { (($0["answers"] as? [[String: Any]])?.first?["text"] as? String) ?? "" }
        guard best.count == 3 else { return }
        XCTAssertTrue(best[0].contains("23 kilometres"), "\(best)")
        XCTAssertTrue(best[1].contains("Sicily"), "\(best)")
        XCTAssertEqual(best[2], "Zürich")

        let read = try albertqa.run(["read", "--question", "When did ABC first start?", "--context-file", "-", "--json"],
                                    stdin: "ABC originally launched on October 12, 1943 as a radio network.\n")
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertEqual((read.json?["answers"] as? [[String: Any]])?.first?["text"] as? String, "October 12, 1943")

        let empty = try albertqa.run(["ask", documents.url.path, "-"], stdin: "\n\n")
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.hasPrefix("albertqa: no question on standard input"), empty.stderr)
    }

    func testTextOutputIsOneRecordPerLineWithFootersOnStandardError() throws {
        let result = try albertqa.run(["ask", documents.url.path, "Where is Mount Etna?", "--top", "3"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count % 2, 0, result.stdout)
        for (offset, line) in lines.enumerated() {
            if offset % 2 == 0 {
                XCTAssertTrue(line.hasPrefix("\(offset / 2 + 1). "), "a record: \(line)")
                XCTAssertTrue(line.contains(".txt:") && line.contains(" ["), "document:line:column and range on the record's line: \(line)")
            } else {
                XCTAssertTrue(line.hasPrefix("   "), "the answer's sentence, indented: \(line)")
            }
        }
        XCTAssertFalse(result.stdout.contains("passages read"))
        XCTAssertTrue(result.stderr.contains("passages read in"), result.stderr)
    }

    func testNoConfidentAnswerExitsWithThree() throws {
        let unanswerable = try albertqa.run(["ask", documents.url.path, "Who painted the Mona Lisa in Florence?", "--json"])
        XCTAssertEqual(unanswerable.status, 3, unanswerable.stderr)
        XCTAssertEqual(unanswerable.json?["no_answer"] as? Bool, true)
        let noPassage = try albertqa.run(["ask", documents.url.path, "Xylophones?"])
        XCTAssertEqual(noPassage.status, 3)
        XCTAssertEqual(noPassage.stdout, "")
        XCTAssertTrue(noPassage.stderr.contains("no passage of the folder matches"), noPassage.stderr)
        let answered = try albertqa.run(["ask", documents.url.path, "How long is the Aletsch Glacier?", "--json"])
        XCTAssertEqual(answered.status, 0, answered.stderr)
        XCTAssertEqual(answered.json?["no_answer"] as? Bool, false)
    }

    func testAMissingFolderSaysSoAndFailedCommandsLeaveNoIndex() throws {
        for arguments in [["/nonexistent/folder"], ["index", "/nonexistent/folder"], ["ask", "/nonexistent/folder", "Who?"],
                          ["search", "/nonexistent/folder", "x"]] {
            let result = try albertqa.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.stderr, "albertqa: /nonexistent/folder: no such folder\n", "\(arguments)")
        }
        let unknown = try albertqa.run(["frobnicate"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "albertqa: 'frobnicate' is neither a command nor a folder (try albertqa --help)\n")

        // A folder without documents: `ask` fails, and the index it created is removed again.
        let empty = albertqa.home.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data("not a document".utf8).write(to: empty.appendingPathComponent("notes.docx"))
        let ask = try albertqa.run(["ask", empty.path, "Who?"])
        XCTAssertEqual(ask.status, 1)
        XCTAssertTrue(ask.stderr.contains("no documents to answer from"), ask.stderr)
        XCTAssertEqual(albertqa.cacheFiles(), [], "no index left behind")
        // An index that existed before a failed command is kept.
        XCTAssertEqual(try albertqa.run(["index", empty.path]).status, 0)
        let kept = albertqa.cacheFiles().filter { $0.hasSuffix(".sqlite") }
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(try albertqa.run(["ask", empty.path, "Who?"]).status, 1)
        XCTAssertEqual(albertqa.cacheFiles().filter { $0.hasSuffix(".sqlite") }, kept)
    }

    func testTheConfigurationFileSetsDefaultsAndFlagsOverrideIt() throws {
        try albertqa.writeConfig("# my defaults\npassages = 1\nanswers = 1\n")
        let configured = try albertqa.run(["ask", documents.url.path, "How long is the Aletsch Glacier?", "--json"])
        XCTAssertEqual(configured.status, 0, configured.stderr)
        XCTAssertEqual(configured.json?["passages_read"] as? Int, 1)
        XCTAssertEqual((configured.json?["answers"] as? [[String: Any]])?.count, 1)
        let overridden = try albertqa.run(["ask", documents.url.path, "How long is the Aletsch Glacier in Switzerland?", "--json", "--passages", "2", "--top", "3"])
        XCTAssertEqual(overridden.json?["passages_read"] as? Int, 2)
        // --top 3 overrides answers = 1; two passages of a small folder may hold only two
        // distinct places once overlapping variants are one answer.
        XCTAssertTrue((2...3).contains((overridden.json?["answers"] as? [[String: Any]])?.count ?? 0), overridden.stdout)

        // A configured model that is no folder is a bad line: exit 2 naming file:line.
        for path in ["/nonexistent/model-from-config", "/dev/zero"] {
            try albertqa.writeConfig("# models\nmodel = \(path)\n")
            let model = try albertqa.run(["read", "--question", "q", "--context", "c"])
            XCTAssertEqual(model.status, 2, model.stderr)
            XCTAssertTrue(model.stderr.hasPrefix("albertqa: \(albertqa.configFile.path):2: model: no such model directory \(path)"), model.stderr)
        }

        try albertqa.writeConfig("passages = 1\ncolour = always\n")
        let bad = try albertqa.run(["ask", documents.url.path, "How long is the Aletsch Glacier?"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.stderr.split(separator: "\n").first.map(String.init),
                       "albertqa: \(albertqa.configFile.path):2: unknown key 'colour' (keys: model, precision, answers, passages, color, mouse, source_code)")
        XCTAssertEqual(bad.stdout, "")
        XCTAssertEqual(try albertqa.run(["ask", "--help"]).status, 0, "help stays readable with a broken configuration")
    }

    func testColourOnATerminalFollowsTheFlagAndNoColor() throws {
        // `script` gives the command a pseudo-terminal of 60 columns.
        func inTerminal(_ arguments: [String], noColor: Bool) throws -> String {
            let command = (["stty", "cols", "60;"] + [try AlbertQAProcess.binary.path] + arguments.map { "'\($0)'" }).joined(separator: " ")
            var environment = albertqa
            if noColor { environment.environment["NO_COLOR"] = "1" }
            environment.environment["TERM"] = "xterm"
            let result = try environment.run(["-qec", command, "/dev/null"], executable: URL(fileURLWithPath: "/usr/bin/script"))
            return result.stdout
        }
        XCTAssertEqual(try albertqa.run(["index", documents.url.path]).status, 0)  // no progress line in what follows
        let question = ["ask", documents.url.path, "Where is Mount Etna?", "--top", "2"]
        let colored = try inTerminal(question, noColor: false)
        XCTAssertTrue(colored.contains("\u{1B}[35mnature.txt:"), colored)
        for line in colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).split(separator: "\r\n") {
            XCTAssertLessThanOrEqual(line.count, 60, "wrapped to the terminal: \(line)")
        }
        let plain = try inTerminal(question, noColor: true)
        XCTAssertFalse(plain.contains("\u{1B}["), plain)
        XCTAssertTrue(plain.contains("[Sicily]"), "brackets mark the answer without colour: \(plain)")
        XCTAssertTrue(try inTerminal(question + ["--color", "always"], noColor: true).contains("\u{1B}[35m"), "always beats NO_COLOR")
        XCTAssertFalse(try inTerminal(question + ["--color", "never"], noColor: false).contains("\u{1B}[3"))
    }

    func testInstalledLayoutFindsItsModelWithoutFlags() throws {
        let destination = albertqa.home.appendingPathComponent("destdir")
        let make = try albertqa.run(["make", "-C", AlbertQAProcess.repositoryRoot.path, "--no-print-directory", "install-files",
                                     "BIN=\(try AlbertQAProcess.binary.path)", "DESTDIR=\(destination.path)", "PREFIX=/usr"],
                                    executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(make.status, 0, make.stderr)
        let usr = destination.appendingPathComponent("usr")
        for path in ["bin/albertqa", "share/man/man1/albertqa.1", "share/bash-completion/completions/albertqa",
                     "share/zsh/site-functions/_albertqa", "share/fish/vendor_completions.d/albertqa.fish",
                     "share/albertqa/models/albert-qa-minilm-squad/model.safetensors",
                     "share/albertqa/models/albert-qa-minilm-squad/config.json", "share/albertqa/models/albert-qa-minilm-squad/spiece.model"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: usr.appendingPathComponent(path).path), path)
        }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: usr.appendingPathComponent("bin/albertqa").path))
        var installed = albertqa
        installed.directory = URL(fileURLWithPath: "/")
        installed.environment.removeValue(forKey: "ALBERTQA_MODEL")
        let read = try installed.run(["read", "--question", "When did ABC first start?", "--context", "ABC originally launched on October 12, 1943 as a radio network.", "--json"],
                                     executable: usr.appendingPathComponent("bin/albertqa"))
        XCTAssertEqual(read.status, 0, read.stderr)
        XCTAssertEqual((read.json?["answers"] as? [[String: Any]])?.first?["text"] as? String, "October 12, 1943")
    }

    func testTheManPageAndCompletionsCoverEveryCommandAndOption() throws {
        let root = AlbertQAProcess.repositoryRoot.appendingPathComponent("Packaging")
        let man = try String(contentsOf: root.appendingPathComponent("albertqa.1"), encoding: .utf8)
        let completions = try ["completions/albertqa.bash", "completions/_albertqa", "completions/albertqa.fish"].map {
            ($0, try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8))
        }
        for command in ["ask", "index", "search", "eval", "read", "tokenize", "bench"] {
            XCTAssertTrue(man.contains(".B \(command)"), "man page: \(command)")
            let help = try albertqa.run([command, "--help"])
            let options = help.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  --") else { return nil }
                return String(line.dropFirst(2).prefix { $0 != " " })
            }.filter { $0 != "--help" }
            XCTAssertFalse(options.isEmpty, command)
            for option in options {
                XCTAssertTrue(man.contains(option.replacingOccurrences(of: "-", with: "\\-")), "man page: \(command) \(option)")
                for (file, text) in completions {
                    let spelled = file.hasSuffix(".fish") ? "-l \(option.dropFirst(2))" : option
                    XCTAssertTrue(text.contains(spelled), "\(file): \(command) \(option)")
                }
            }
        }
        for code in ["\n.B 0\n", "\n.B 1\n", "\n.B 2\n", "\n.B 3\n", "129, 130, 143"] { XCTAssertTrue(man.contains(code), code) }

        let bash = try albertqa.run(["bash", "-c", "source '\(root.path)/completions/albertqa.bash'; COMP_WORDS=(albertqa ask docs --pa); COMP_CWORD=3; _albertqa; echo \"${COMPREPLY[*]}\""],
                                    executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(bash.stdout, "--passages --passage-words\n", bash.stderr)
    }

    /// `--in PATTERN` completes paths inside the folder the command reads (its DIR, or eval's
    /// `--folder`), not the shell's current folder; a folder with its slash. Bash always, fish
    /// when it is installed (zsh needs a pseudo-terminal to complete: checked by hand).
    func testInCompletesPathsInsideTheDocumentFolder() throws {
        try documents.write("papers/2020-smith.txt", "Smith.")
        try documents.write("papers/2021-jones.txt", "Jones.")
        try documents.write("2020/notes.txt", "Notes.")
        let root = AlbertQAProcess.repositoryRoot.appendingPathComponent("Packaging/completions")
        let folder = documents.url.path
        func bash(_ words: [String]) throws -> Set<String> {
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let result = try albertqa.run(["bash", "-c", "source '\(root.path)/albertqa.bash'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _albertqa; printf '%s\\n' \"${COMPREPLY[@]}\""],
                                          executable: URL(fileURLWithPath: "/usr/bin/env"))
            XCTAssertEqual(result.status, 0, result.stderr)
            return Set(result.stdout.split(separator: "\n").map(String.init))
        }
        XCTAssertEqual(try bash(["albertqa", "ask", "--top", "3", folder, "a question", "--in", "2"]), ["2020/"])
        XCTAssertEqual(try bash(["albertqa", "ask", folder, "--in", "papers/2020"]), ["papers/2020-smith.txt"])
        XCTAssertEqual(try bash(["albertqa", folder, "--in", ""]), ["2020/", "papers/", "nature.txt", "cities.txt"])
        XCTAssertEqual(try bash(["albertqa", "eval", "squad.json", "--recall", "--folder", folder, "--in", "n"]), ["nature.txt"])
        XCTAssertEqual(try bash(["albertqa", "eval", folder, "--in", "nature"]), [], "eval's argument is a FILE, not the folder")
        guard let fish = ["/usr/bin/fish", "/bin/fish"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let completed = try albertqa.run([fish, "-c", "source '\(root.path)/albertqa.fish'; complete -C 'albertqa search \(folder) query --in pa'"],
                                         executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(completed.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }, ["papers/"], completed.stderr)
    }
}
