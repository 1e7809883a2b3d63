import Foundation
import Settings

/// The man page (Packaging/albertqa.1), generated: the synopsis and every option entry come
/// from the commands' declarations (help, value name, range, default, configuration key,
/// choices), the prose around them is written here once. `albertqa --generate-manpage` prints
/// it; Scripts/generate-packaging.sh writes it, and a CLITests test fails while the committed
/// file differs.
enum ManualPage {
    static var text: String { render(commands: Commands.all, interface: Commands.interface) }

    static func render(commands: [Command], interface: Command) -> String {
        let allCommands = [interface] + commands
        let common = commonOptions(allCommands)
        var lines = [".TH ALBERTQA 1 \"2026\" \"\(Commands.version)\" \"User Commands\"", ".SH NAME", name, ".SH SYNOPSIS"]
        for (offset, command) in allCommands.enumerated() {
            if offset > 0 { lines.append(".br") }
            lines += synopsis(command.spec)
        }
        lines += [".SH DESCRIPTION", description, ".SH COMMANDS"]
        for command in allCommands {
            lines.append(".TP")
            lines.append(".B " + ([command.spec.name ?? "albertqa"] + command.spec.positionals.enumerated().map { offset, positional in
                offset < command.spec.minimumPositionals ? "\\fI\(positional)\\fP" : "[\\fI\(positional)\\fP]"
            }).joined(separator: " "))
            lines.append(command.spec.name.flatMap { commandProse[$0] } ?? escape(command.spec.summary))
            let own = command.spec.options.filter { option in !common.contains { $0.isSameDeclaration(as: option) } }
            guard !own.isEmpty else { continue }
            lines.append(".RS")
            lines += own.flatMap(entry)
            lines.append(".RE")
        }
        lines.append(".SH COMMON OPTIONS")
        lines += (common + [GlobalOptions.help.spec, GlobalOptions.version.spec]).flatMap(entry)
        lines += [valuesNote, trailer]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Options that several commands declare alike: listed once, under COMMON OPTIONS.
    static func commonOptions(_ commands: [Command]) -> [OptionSpec] {
        var seen: [(option: OptionSpec, count: Int)] = []
        for option in commands.flatMap(\.spec.options) {
            if let index = seen.firstIndex(where: { $0.option.isSameDeclaration(as: option) }) {
                seen[index].count += 1
            } else {
                seen.append((option, 1))
            }
        }
        return seen.filter { $0.count > 1 }.map(\.option)
    }

    static func synopsis(_ spec: CommandSpec) -> [String] {
        var lines = [".B " + (["albertqa"] + (spec.name.map { [$0] } ?? [])).joined(separator: " ")]
        for (offset, positional) in spec.positionals.enumerated() {
            lines.append(offset < spec.minimumPositionals ? ".I \(positional)" : ".RI [ \(positional) ]")
        }
        if !spec.options.isEmpty { lines.append(".RI [ options ]") }
        return lines
    }

    /// `.TP`, the option and its value name, then its help with range, default and key.
    static func entry(_ option: OptionSpec) -> [String] {
        let head = option.valueName.map { ".BI \(escape(option.name)) \" \(escape($0))\"" } ?? ".B \(escape(option.name))"
        var details: [String] = []
        if let range = option.rangeDescription { details.append(escape(range)) }
        if let value = option.defaultValue { details.append("default " + escape(value)) }
        if let key = option.configKey { details.append("config key " + key.rawValue) }
        let body = escape(option.help) + (details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")")
            + (option.manualDetail.map { ". " + escape($0) } ?? "")
        return [".TP", head, body]
    }

    /// Text as roff: minus signs for hyphens, `\e` for backslashes, non-ASCII as `\[uXXXX]`,
    /// and no line that starts with a control character.
    static func escape(_ text: String) -> String {
        var roff = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "-": roff += "\\-"
            case "\\": roff += "\\e"
            case "\n": roff += "\n"
            default:
                if scalar.isASCII { roff.unicodeScalars.append(scalar) } else { roff += String(format: "\\[u%04X]", scalar.value) }
            }
        }
        return roff.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }.joined(separator: "\n")
    }

    /// "a, b or c" (or "a, b, c"): an enum's choices in prose, as the code has them.
    static func choices<Choice: ChoiceValue>(_ type: Choice.Type, or: Bool) -> String {
        let list = Choice.allCases.map(\.argument).joined(separator: ", ")
        return or ? list.replacingLastComma() : list
    }

    // MARK: The prose (roff)

    static let name = #"albertqa \- ask questions about a folder of documents, answered by an ALBERT reader"#

    static let description = #"""
.B albertqa
indexes a folder of documents (.txt .md .markdown .rst .html .htm .pdf), finds the passages
that matter with BM25 (SQLite FTS5) and reads them with an ALBERT span\-extraction model
(SQuAD\-style). Each answer is an exact span of a document, with its character range.
Documents are never written. Without a command,
.B albertqa
opens a full\-screen interface on
.I DIR
(default: Documents/); press ? there for its keys. The interface answers by BM25 as soon as
the folder is indexed and computes the passages' sentence\-encoder vectors in the background
(its status line shows their progress); once every passage has one, questions use hybrid
retrieval.
.PP
A command word always names the command, even when a folder of that name exists in the
current directory: open such a folder with a path,
.BR "albertqa ./index" ,
or after
.BR "\-\-" :
.BR "albertqa \-\- index" .
.PP
All character offsets are Unicode scalar offsets (Python string indices), end exclusive, into
the document's indexed text. Text output never contains control characters from documents or
file names: they are shown as visible symbols (ESC as \[u241B]). JSON output carries the exact
text, with control characters escaped.
"""#

    /// What each command does, before its options.
    static let commandProse: [String: String] = [
        "ask": #"""
Answers a question from a folder, indexing it first if needed. Text output is one record per
answer: rank, answer, confidence, document:line:column (document p. N for a PDF) and
[start\(enend], then the answer in its sentence
(wrapped to the terminal's width on a terminal). Notes such as "no confident answer" and the
time taken go to standard error. With
.I QUESTION
given as
.BR \- ,
questions are read from standard input, one per line: one question is answered as usual;
several (a pipe) are a batch, answered as they are read, one JSON object per line. On a
terminal each line is answered as it is typed.
JSON output gives every place its line, column (1\-based, in characters) and page (PDFs; null otherwise); with
.B \-\-vimgrep
one line per answer, path:line:column:answer (column in bytes, as ripgrep's \-\-vimgrep), for editors' quickfix lists.
"""#,
        "index": #"""
Indexes a folder incrementally and reports added, updated, removed, unchanged and skipped
files, each skipped file named with its reason (unsupported_format, binary, empty, needs_ocr,
encrypted, too_large, unreadable, tool_missing with the Debian package to install, timeout; in
JSON \fBskipped\fP: [{path, reason, detail}], counts in \fBskipped_by_reason\fP), on every run
also when nothing changed. A file read in part (a table cut at 200,000 rows, or its rows at
the size limit) is named on the run that read it ("read in part: PATH: why"; JSON \fBnotes\fP:
[{path, note}]). Ctrl\-C stops after the batch being written (a converter that is
running is killed at once): the index stays consistent and the next run completes it.
"""#,
        "search": #"""
BM25\-ranked passages: document, range, score and text.
"""#,
        "eval": #"""
SQuAD\-format evaluation (EM, F1) of the reader on each question's own paragraph, or with
.B \-\-open
of the whole pipeline over all paragraphs indexed as documents.
"""#,
        "read": #"""
The reader alone on one context.
"""#,
        "tokenize": #"""
ALBERT tokens of each line of standard input.
"""#,
        "bench": #"""
Reader latency for one window, per kernel table and precision; or with
.B \-\-search
BM25 query latency; or with
.B \-\-encoder
the sentence encoder's passages per second and query latency, per precision.
"""#,
    ]

    static let valuesNote = #"""
.PP
Option values are checked before any work starts: a value out of range, not a number or not
finite (nan, inf, 1e308) is a usage error.
"""#

    /// EXIT STATUS, FILES, ENVIRONMENT, EXAMPLES, SEE ALSO.
    static var trailer: String { #"""
.SH EXIT STATUS
.TP
.B 0
success
.TP
.B 1
the command failed; one line on standard error names the file or the cause (also when the
output cannot be written). An index the failed command created is removed.
.TP
.B 2
a usage mistake (unknown command or option, missing or invalid value) or a bad line in the
configuration file
.TP
.B 3
.BR ask :
no confident answer (every answer is a guess, or none was found). A batch from standard
input exits 0; each JSON object carries "no_answer".
.TP
.B 129, 130, 143
stopped by SIGHUP, SIGINT (Ctrl\-C) or SIGTERM (128 + the signal's number). The first signal
stops the work at a safe point; a second Ctrl\-C ends it at once.
.SH FILES
.TP
.I $XDG_CONFIG_HOME/albertqa/config
(default ~/.config/albertqa/config) the user's defaults, read by every command and the
interface; command\-line options override them. Lines are
.I key " = " value
with # comments; keys: model (a path; ~ and paths relative to the file's folder work),
precision (\#(choices(PrecisionChoice.self, or: false))), answers (or top, 1\(en100), passages (1\(en200), color
(\#(choices(UserConfig.Color.self, or: false))), mouse (on, off; the interface), source_code (on, off: \-\-source\-code). A bad line is an error naming
file:line (exit 2).
.TP
.I $XDG_CACHE_HOME/albertqa/
(default ~/.cache/albertqa/) one index database per folder.
.TP
.I $XDG_STATE_HOME/albertqa/history/
(default ~/.local/state/albertqa/history/) the interface's question history per folder;
folders 0700, files 0600.
.TP
.I PREFIX/share/albertqa/models/albert\-qa\-minilm\-squad/
the default model of an installed albertqa, found relative to the executable.
.TP
.I PREFIX/share/albertqa/models/all\-minilm\-l6\-v2/
the default sentence encoder (dense retrieval), found the same way.
.SH ENVIRONMENT
.TP
.B ALBERTQA_MODEL
the default model directory (before the installed or shipped one; \-\-model and the
configuration file's model win over it)
.TP
.B ALBERTQA_ENCODER
the default sentence encoder directory (before the installed or shipped one; \-\-encoder wins);
the interface's too (without one it answers by BM25)
.TP
.B ALBERTQA_KERNELS
the kernel table when \-\-kernels is not given: \#(choices(KernelChoice.self, or: true))
.TP
.B NO_COLOR
set and not empty: no colour unless \-\-color always
.TP
.BR XDG_CONFIG_HOME ", " XDG_CACHE_HOME ", " XDG_STATE_HOME
where the configuration, indexes and history live (absolute paths only)
.TP
.B TERM
dumb turns colour off and the interface off
.SH EXAMPLES
.nf
albertqa ask ~/Documents "Who founded the University of Chicago?"
albertqa ask notes "When is the deadline?" \-\-json | jq \-r '.answers[0].text'
printf '%s\en' "Who won Super Bowl 50?" "Who designed Apollo?" | albertqa ask Documents \- > answers.jsonl
albertqa search notes "budget 2024" \-\-top 3
albertqa ./index          # a folder named like a command
.fi
.SH SEE ALSO
The README of the AlbertQA repository.
"""# }
}
