import Albert
import Foundation
import Settings

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

@MainActor func topLevelHelp() -> String {
    var lines = ["AlbertQA — ask questions about your documents, answered by an ALBERT reader.", "",
                 "usage: albertqa [DIR] [--index PATH] [--model DIR] [--precision P]   the interactive interface (default: Documents/)",
                 "       albertqa COMMAND [options]", "", "commands:"]
    for command in commands {
        lines.append("  " + command.spec.displayName.padding(toLength: 10, withPad: " ", startingAt: 0) + command.spec.summary.prefix { $0 != "." } + ".")
    }
    lines += ["", "A folder named like a command opens with a path: albertqa ./index (or albertqa -- index).",
              "albertqa COMMAND --help shows a command's options; albertqa --version its version; man albertqa the rest.",
              "exit status: 0 done, 1 failed, 2 usage or configuration mistake, 3 ask found no confident answer, 128+N signal N."]
    return lines.joined(separator: "\n")
}

/// Prints `error` as one line (plus the usage line after a usage mistake), undoes what a
/// failed command created, and exits with the error's status (`ExitStatus.of`).
func exit(with error: Error, spec: CommandSpec?) -> Never {
    let status = ExitStatus.of(error)
    let message = (error as? CLIError)?.message ?? "\(error)"  // library errors: one line naming the file
    if !message.isEmpty { warn(message) }
    if let spec, (error as? CLIError)?.showsUsage == true {
        try? Console.standardError.line("usage: \(spec.usage)  (albertqa \(spec.name.map { "\($0) " } ?? "")--help)")
    }
    if status == ExitStatus.failure { FailureCleanup.run() }
    exit(status)
}

let arguments = Array(CommandLine.arguments.dropFirst())
let first = arguments.first ?? ""
do {
    switch first {
    case "--help", "-h", "help":
        try Console.standardOutput.text(topLevelHelp())
        exit(ExitStatus.success)
    case "--version":
        try Console.standardOutput.line(version)
        exit(ExitStatus.success)
    default:
        break
    }
} catch {
    exit(with: error, spec: nil)
}

// A command word always names the command, even where a folder of that name exists (a folder
// named `index` opens as ./index or after `--`). Anything else that looks like a path — an
// option, a `/`, an existing file — is the interface's folder, which says when it is missing.
let command: (spec: CommandSpec, run: (ParsedArguments) throws -> Void)
let commandArguments: [String]
if let named = commands.first(where: { $0.spec.name == first }) {
    command = named
    commandArguments = Array(arguments.dropFirst())
} else if first.isEmpty || first.hasPrefix("-") || first.hasPrefix(".") || first.contains("/") || FileManager.default.fileExists(atPath: first) {
    command = (InterfaceCommand.spec, InterfaceCommand.run)
    commandArguments = arguments
} else {
    exit(with: CLIError.unknownCommand(first), spec: nil)
}
if command.spec.name != nil { Interruption.install() }  // the interface handles its signals itself
do {
    // Help stays readable with a broken configuration file (it would say how to fix it).
    let wantsHelpOnly = commandArguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
    let config: UserConfig
    do {
        config = wantsHelpOnly ? UserConfig() : try UserConfig.load()
    } catch {
        throw CLIError.configuration(error)
    }
    let parsed = try command.spec.parse(commandArguments, config: config)
    if parsed.wantsHelp {
        try Console.standardOutput.text(command.spec.help)
        exit(ExitStatus.success)
    }
    if command.spec.options.contains(where: { $0.name == Console.colorOption.name }) {
        Console.applyColorChoice(parsed.string(Console.colorOption))
    }
    try command.run(parsed)
    try Interruption.check()
} catch {
    exit(with: error, spec: command.spec)
}
exit(ExitStatus.success)
