@testable import albertqa
import Albert
import Settings
import XCTest

/// The argument parser, the error enum's exit statuses, the terminal sanitiser and the
/// configuration file, without running the executable.
final class CommandLineParsingTests: XCTestCase {
    func testOptionValuesAreCheckedAgainstTheirDeclarationAtParseTime() throws {
        let spec = AskCommand.spec
        let parsed = try spec.parse(["docs", "q", "--top=7", "--bm25-weight", "-2.5", "--json"])
        XCTAssertEqual(parsed[AskCommand.top], 7)
        XCTAssertEqual(parsed[AskCommand.bm25Weight], -2.5)
        XCTAssertEqual(parsed[AskCommand.passages], 10, "the declared default")
        XCTAssertTrue(parsed[jsonOption])
        XCTAssertFalse(parsed[AskCommand.vimgrep])
        XCTAssertNil(parsed[retrieverOption], "no default: nil when not given")
        XCTAssertEqual(parsed.positionals, ["docs", "q"])

        for bad in ["nan", "inf", "-inf", "1e308", "101", "abc", ""] {
            XCTAssertThrowsError(try spec.parse(["d", "q", "--bm25-weight", bad]), bad) { error in
                guard case .invalidValue(option: "--bm25-weight", value: bad, _) = error as? CLIError else { return XCTFail("\(error)") }
                XCTAssertEqual(ExitStatus.of(error), 2)
            }
        }
        for bad in ["0", "101", "5.5", "1e3", "-1"] {
            XCTAssertThrowsError(try spec.parse(["d", "q", "--top", bad]), bad)
        }
        XCTAssertThrowsError(try spec.parse(["d", "q", "--color", "sometimes"]))
        XCTAssertThrowsError(try spec.parse(["d", "q", "--precision", "fp16"]))
        XCTAssertThrowsError(try spec.parse(["d", "q", "--json=yes"])) { XCTAssertEqual(($0 as? CLIError)?.message, "--json takes no value") }
        XCTAssertThrowsError(try spec.parse(["d", "q", "--top"])) { XCTAssertEqual(($0 as? CLIError)?.message, "--top needs a value") }
        XCTAssertThrowsError(try spec.parse(["d"])) { XCTAssertEqual(($0 as? CLIError)?.message, "'ask' needs QUESTION") }
        XCTAssertThrowsError(try spec.parse(["d", "q", "extra"])) { XCTAssertEqual(($0 as? CLIError)?.message, "unexpected argument 'extra'") }
        // `-` is a positional (standard input), `--` ends the options.
        XCTAssertEqual(try spec.parse(["d", "-"]).positionals, ["d", "-"])
        XCTAssertEqual(try spec.parse(["d", "--", "--top"]).positionals, ["d", "--top"])
    }

    func testTheConfigurationFillsWhatTheCommandLineLeavesOut() throws {
        let config = try UserConfig(parsing: "# defaults\nanswers = 3\npassages=20\nprecision = fp32  # exact\ncolor = never\n", file: "/c/config")
        let parsed = try AskCommand.spec.parse(["d", "q", "--passages", "4"], config: config)
        XCTAssertEqual(parsed[AskCommand.top], 3, "from the file")
        XCTAssertEqual(parsed[AskCommand.passages], 4, "the flag wins")
        XCTAssertEqual(parsed[precisionOption], .named(.fp32))
        XCTAssertEqual(parsed[Console.colorOption], .never)
        // search's --top (passages shown) is a different option: the answers key does not set it.
        XCTAssertEqual(try SearchCommand.spec.parse(["d", "q"], config: config)[SearchCommand.top], 10)
    }

    func testConfigurationErrorsNameTheFileAndLine() {
        let cases: [(String, String)] = [
            ("answers = 5\nanswers = lots\n", "/c/config:2: answers must be a whole number in 1...100, not 'lots'"),
            ("\n\ncolour = always\n", "/c/config:3: unknown key 'colour' (keys: model, precision, answers, passages, color, mouse, source_code)"),
            ("precision = fp16", "/c/config:1: precision must be fp32, bf16, int8, auto, not 'fp16'"),
            ("just words", "/c/config:1: expected key = value, got 'just words'"),
            ("passages = 0", "/c/config:1: passages must be a whole number in 1...200, not '0'"),
            ("mouse = maybe", "/c/config:1: mouse must be on or off, not 'maybe'"),
            ("model =", "/c/config:1: model has no value"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try UserConfig(parsing: text, file: "/c/config")) { XCTAssertEqual("\($0)", message) }
        }
        let config = try? UserConfig(parsing: "top = 7\nmouse = off\nmodel = models/x\ncolor = \"always\"\r\n", file: "/c/config")
        XCTAssertEqual(config?.answers, 7, "top is an alias of answers")
        XCTAssertEqual(config?.mouse, false)
        XCTAssertEqual(config?.model, "/c/models/x", "relative to the file's folder")
        XCTAssertEqual(config?.color, .always)
        XCTAssertEqual(config?.origins[.answers], "/c/config:1")
    }

    func testUserPathsFollowXDGAndIgnoreRelativeValues() {
        let environment = ["HOME": "/home/u", "XDG_CONFIG_HOME": "/x/config", "XDG_STATE_HOME": "relative"]
        XCTAssertEqual(UserPaths.configFile(environment: environment).path, "/x/config/albertqa/config")
        XCTAssertEqual(UserPaths.stateFolder(environment: environment).path, "/home/u/.local/state/albertqa")
        XCTAssertEqual(UserPaths.historyFile(named: "Docs-1f", environment: ["HOME": "/h"]).path, "/h/.local/state/albertqa/history/Docs-1f")
        XCTAssertEqual(UserPaths.configFile(environment: ["HOME": "/h"]).path, "/h/.config/albertqa/config")
    }

    func testExitStatusesAreDecidedInOnePlace() {
        XCTAssertEqual(ExitStatus.of(CLIError.unknownCommand("x")), 2)
        XCTAssertEqual(ExitStatus.of(CLIError.configuration(.noValue(file: "f", line: 1, name: "m"))), 2)
        XCTAssertEqual(ExitStatus.of(CLIError.noSuchFolder("/x")), 1)
        XCTAssertEqual(ExitStatus.of(CLIError.output(.unwritable(stream: "standard output", errno: ENOSPC))), 1)
        XCTAssertEqual(ExitStatus.of(CLIError.invalidVectorWindow("9,99")), 2)
        XCTAssertEqual(CLIError.invalidVectorWindow("9,99").message, "--vector-window must be W or W,S with 0 ≤ W ≤ 5000 and 1 ≤ S ≤ W, not '9,99'")
        XCTAssertEqual(CLIError.missingOption("--question", command: "read").message, "read needs --question")
        XCTAssertEqual(CLIError.kernelsUnavailable(name: "neon", AlbertError.kernelsNotBuilt("neon", runnable: ["avx2", "reference"])).message,
                       "--kernels neon: this build has no neon kernels (they are for another architecture); this CPU runs avx2, reference")
        XCTAssertEqual(ExitStatus.of(CLIError.library(AlbertError.emptyInput)), 1)
        XCTAssertEqual(ExitStatus.of(CocoaError(.fileNoSuchFile)), 1)
        XCTAssertEqual(ExitStatus.of(CLIError.noConfidentAnswer), 3)
        XCTAssertEqual(ExitStatus.of(CLIError.interrupted(signal: SIGINT)), 130)
        XCTAssertEqual(ExitStatus.of(CLIError.interrupted(signal: SIGTERM)), 143)
        XCTAssertEqual(ExitStatus.of(CLIError.interrupted(signal: SIGHUP)), 129)
    }

    func testTerminalTextNeutralisesEveryControlCharacter() {
        let hostile = "a\u{1B}]0;title\u{07}b\u{1B}[2Jc\u{9B}31md\u{7F}e\u{00}f\rg\nh\ti\u{2028}j"
        let flat = TerminalSafeText.sanitize(hostile)
        XCTAssertEqual(flat, "a\u{241B}]0;title\u{2407}b\u{241B}[2Jc\u{FFFD}31md\u{2421}e\u{2400}f g h i j")
        XCTAssertFalse(flat.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        XCTAssertEqual(TerminalSafeText.sanitize("one\r\ntwo\tthree\u{1B}", newlines: .keep), "one\ntwo\tthree\u{241B}")
        XCTAssertEqual(TerminalSafeText.sanitize("Zürich 北京 ✓"), "Zürich 北京 ✓", "printable text is untouched")
        XCTAssertEqual(Span("x\u{1B}y").text, "x\u{241B}y", "every span is sanitised")
    }

    func testJSONEscapesTerminalControlsAndRefusesNonFiniteNumbers() throws {
        XCTAssertEqual(Console.escapingTerminalControls("{\"t\":\"a\u{9B}b\u{7F}\"}"), "{\"t\":\"a\\u009bb\\u007f\"}")
        XCTAssertEqual(Console.firstNonFiniteNumber(in: ["answers": [["confidence": Double.nan]]] as [String: Any], path: ""), "answers[0].confidence")
        XCTAssertNil(Console.firstNonFiniteNumber(in: ["a": 1.5, "b": [2.0]] as [String: Any], path: ""))
        XCTAssertThrowsError(try finite(Double.infinity, "x"))
    }

    func testWrappingKeepsStylesAndWidth() {
        let spans = [Span("the answer is "), Span("Denver Broncos", .answer), Span(" who won the game in 2016 at Levi's Stadium")]
        let rows = Console.wrap(spans, width: 20)
        let texts = rows.map { $0.map(\.text).joined() }
        XCTAssertEqual(texts, ["the answer is Denver", "Broncos who won the", "game in 2016 at", "Levi's Stadium"])
        XCTAssertEqual(rows[0].last?.text, "Denver")
        XCTAssertEqual(rows[0].last?.style, .answer)
        XCTAssertEqual(rows[1].first?.text, "Broncos")
        XCTAssertEqual(rows[1].first?.style, .answer)
        XCTAssertTrue(texts.allSatisfy { $0.count <= 20 })
    }

    func testUsageLinesAreRight() {
        XCTAssertEqual(InterfaceCommand.spec.usage, "albertqa [DIR] [options]")
        XCTAssertEqual(AskCommand.spec.usage, "albertqa ask DIR QUESTION [options]")
        XCTAssertEqual(TokenizeCommand.spec.usage, "albertqa tokenize [options]")
    }
}
