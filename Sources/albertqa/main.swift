import Albert
import Foundation

// The albertqa executable: argument parsing and output only; the work lives in the libraries.

let commands: [(spec: CommandSpec, run: (ParsedArguments) throws -> Void)] = [
    (AskCommand.spec, AskCommand.run),
    (IndexCommand.spec, IndexCommand.run),
    (SearchCommand.spec, SearchCommand.run),
    (EvalCommand.spec, EvalCommand.run),
    (ReadCommand.spec, ReadCommand.run),
    (TokenizeCommand.spec, TokenizeCommand.run),
    (BenchCommand.spec, BenchCommand.run),
]

let version = "albertqa 0.1.0"

@MainActor func printTopLevelHelp() {
    var lines = ["AlbertQA — ask questions about your documents, answered by an ALBERT reader.", "",
                 "usage: albertqa [DIR] [--index PATH] [--model DIR]   the interactive interface (default: Documents/)",
                 "       albertqa <command> [options]", "", "commands:"]
    for command in commands {
        lines.append("  " + command.spec.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.spec.summary)
    }
    lines += ["", "albertqa <command> --help shows a command's options; albertqa --version its version."]
    print(lines.joined(separator: "\n"))
}

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("albertqa: \(message)\n".utf8))
    exit(code)
}

// ALBERTQA_PORTABLE_KERNELS=1: the path of a CPU without AVX-512 (OpenBLAS, plain C), on any CPU.
if ProcessInfo.processInfo.environment["ALBERTQA_PORTABLE_KERNELS"] == "1" { ReaderKernels.portableOnly = true }

let arguments = Array(CommandLine.arguments.dropFirst())
let first = arguments.first ?? ""
switch first {
case "--help", "-h", "help":
    printTopLevelHelp()
    exit(0)
case "--version":
    print(version)
    exit(0)
default:
    break
}
// No command: the interactive interface, on the folder named (if any).
let isInterface = first.isEmpty || first.hasPrefix("-") || FileManager.default.fileExists(atPath: first)
guard let command = isInterface ? (InterfaceCommand.spec, InterfaceCommand.run) : commands.first(where: { $0.spec.name == first }) else {
    fail("unknown command '\(first)' (try albertqa --help)", code: 2)
}
do {
    let parsed = try command.spec.parse(isInterface ? arguments : Array(arguments.dropFirst()))
    if parsed.wantsHelp {
        print(command.spec.help)
        exit(0)
    }
    try command.run(parsed)
} catch let error as UsageError {
    fail("\(error.message)\nusage: \(command.spec.usage)", code: 2)
} catch let error as CommandFailure {
    fail(error.message, code: 1)
} catch {
    // Every library error is CustomStringConvertible with a one-line message naming the file.
    fail("\(error)", code: 1)
}
