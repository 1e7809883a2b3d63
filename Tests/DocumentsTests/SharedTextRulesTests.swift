import Documents
import XCTest

/// The rules both front ends take from Documents: which characters a terminal acts on and how
/// each form neutralises them, how a place is cited, and which documents are paged.
final class SharedTextRulesTests: XCTestCase {
    /// One sample of every class: C0 (NUL, BEL, BS, ESC, US), DEL, C1 (U+0080, NEL, CSI,
    /// U+009F), whole escape sequences (OSC 52 clipboard write, CSI clear screen, 8-bit CSI),
    /// and a bidi override, which is no control and stays.
    static let c0: [Unicode.Scalar] = ["\u{00}", "\u{07}", "\u{08}", "\u{1B}", "\u{1F}"]
    static let c1: [Unicode.Scalar] = ["\u{80}", "\u{85}", "\u{9B}", "\u{9F}"]
    static let hostile = "a\u{00}b\u{07}c\u{7F}d\u{80}e\u{9B}2Jf\u{9F}g\u{1B}]52;c;ZXZpbA==\u{07}h\u{1B}[2Ji\u{202E}j"

    func testTheControlSetIsC0DelAndC1AndNothingElse() {
        for value in UInt32(0)...0x2FF {
            let scalar = Unicode.Scalar(value)!
            XCTAssertEqual(ControlCharacters.isControl(scalar), scalar.properties.generalCategory == .control, "U+\(String(value, radix: 16))")
        }
        for scalar in Self.c0 + ["\u{7F}"] + Self.c1 { XCTAssertTrue(ControlCharacters.isControl(scalar)) }
        for scalar: Unicode.Scalar in [" ", "~", "\u{A0}", "é", "\u{202E}", "\u{2028}", "\u{FFFD}"] { XCTAssertFalse(ControlCharacters.isControl(scalar)) }
    }

    func testEveryFormLeavesNoControlForATerminalToActOn() {
        let forms: [(String, String)] = [
            ("spaced", ControlCharacters.spaced(Self.hostile)),
            ("pictured", ControlCharacters.pictured(Self.hostile)),
            ("pictured keeping lines", ControlCharacters.pictured(Self.hostile + "\n\t", keepingLines: true)),
            ("pager", ControlCharacters.pagerText(Self.hostile + "\n\t\u{0C}")),
            ("drawn", String(Self.hostile.map(ControlCharacters.drawn))),
        ]
        for (name, text) in forms {
            let left = text.unicodeScalars.filter { ControlCharacters.isControl($0) && $0 != "\n" && $0 != "\t" }
            XCTAssertTrue(left.isEmpty, "\(name) left \(left.map { $0.value })")
            XCTAssertFalse(text.unicodeScalars.contains("\u{1B}"), name)
            XCTAssertTrue(text.unicodeScalars.contains("\u{202E}"), "\(name): a bidi override is no terminal command and stays")
        }
        XCTAssertFalse(forms[0].1.contains("\n") || forms[1].1.contains("\n"), "one-line forms hold no line break")
    }

    func testWhatEachFormMakesOfThem() {
        // Spaces, one for one: offsets stay aligned (citations, vimgrep, status lines).
        XCTAssertEqual(ControlCharacters.spaced(Self.hostile), "a b c d e 2Jf g ]52;c;ZXZpbA== h [2Ji\u{202E}j")
        XCTAssertEqual(ControlCharacters.spaced(Self.hostile).unicodeScalars.count, Self.hostile.unicodeScalars.count)
        // Pictures for the CLI: ␀ ␇ ␡ �, ESC as ␛; line breaks flattened or kept.
        XCTAssertEqual(ControlCharacters.pictured("a\u{00}b\u{07}c\u{7F}d\u{85}e\u{9B}f\u{1B}[2J"), "a\u{2400}b\u{2407}c\u{2421}d e\u{FFFD}f\u{241B}[2J")
        XCTAssertEqual(ControlCharacters.pictured("one\r\ntwo\tthree\u{0B}four\u{2028}five"), "one  two three four five")
        XCTAssertEqual(ControlCharacters.pictured("one\r\ntwo\tthree\u{0B}four\u{2029}five", keepingLines: true), "one\ntwo\tthree\nfour\nfive")
        // The viewer: one character for one, U+FFFD; a tab is a space.
        XCTAssertEqual(String("x\u{1B}\t\u{9B}y".map(ControlCharacters.drawn)), "x\u{FFFD} \u{FFFD}y")
        // The pager: lines and tabs stay, page breaks go.
        XCTAssertEqual(ControlCharacters.pagerText("a\u{1B}]0;title\u{07}b\n\u{0C}\nc\td"), "a ]0;title b\n\nc\td")
        // Text without controls comes back as it was.
        for text in ["Zürich 北京 ✓", ""] {
            XCTAssertEqual(ControlCharacters.spaced(text), text)
            XCTAssertEqual(ControlCharacters.pictured(text), text)
            XCTAssertEqual(ControlCharacters.pagerText(text), text)
        }
    }

    func testCitationsByLineOrByPage() {
        let place = TextPosition(line: 14, column: 52, byteColumn: 53, page: 3)
        XCTAssertEqual(Citation.text(path: "docs/kenya.txt", position: place), "docs/kenya.txt:14:52")
        XCTAssertEqual(Citation.text(path: "Documents/report.pdf", position: place), "Documents/report.pdf p. 3")
        XCTAssertEqual(Citation.text(path: "SCAN.PDF", position: place), "SCAN.PDF p. 3")
        XCTAssertEqual(Citation.text(path: "notes.md", position: nil), "notes.md", "an unknown place is the path alone")
        XCTAssertEqual(Citation.suffix(place, paged: false), ":14:52")
        XCTAssertEqual(Citation.suffix(place, paged: true), " p. 3")
    }

    func testOnlyPDFsArePaged() {
        XCTAssertTrue(DocumentFormat.isPaged(path: "report.pdf"))
        XCTAssertTrue(DocumentFormat.isPaged(path: "a/b/Report.PDF"))
        for path in ["report.txt", "report.docx", "pdf", "report.pdf.txt", "scan.png", "mail.eml", ""] {
            XCTAssertFalse(DocumentFormat.isPaged(path: path), path)
        }
        XCTAssertEqual(DocumentFormat.allCases.filter(\.isPaged), [.pdf])
        // The page a citation gives is the one TextPosition counts from pdftotext's form feeds.
        let text = "page one\n\u{0C}page two, the answer"
        let offset = text.unicodeScalars.count - "the answer".unicodeScalars.count
        XCTAssertEqual(Citation.text(path: "r.pdf", position: TextPositions(text).position(at: offset)), "r.pdf p. 2")
    }
}
