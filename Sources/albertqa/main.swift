import Albert
import Foundation
import Settings

// The albertqa executable: argument parsing and output only; the work lives in the libraries.

@MainActor func topLevelHelp() -> String {
    var lines = ["AlbertQA — ask questions about your documents, answered by an ALBERT reader.", "",
                 "usage: albertqa [DIR] [--index PATH] [--model DIR] [--precision P]   the interactive interface (default: Documents/)",
                 "       albertqa COMMAND [options]", "", "commands:"]
    for command in Commands.all {
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
    if GlobalOptions.isHelp(first) || first == "help" {
        try Console.standardOutput.text(topLevelHelp())
        exit(ExitStatus.success)
    }
    if first == GlobalOptions.version.name {
        try Console.standardOutput.line(Commands.version)
        exit(ExitStatus.success)
    }
    // Hidden: the packaging files, generated from the declarations (Scripts/generate-packaging.sh).
    if first == GlobalOptions.generateCompletions.name {
        guard arguments.count == 2, let shell = CompletionShell(argument: arguments[1]) else {
            throw CLIError.invalidValue(option: first, value: arguments.dropFirst().joined(separator: " "),
                                        expected: CompletionShell.allCases.map(\.argument).joined(separator: ", ").replacingLastComma())
        }
        try Console.standardOutput.write(ShellCompletions.script(for: shell))
        exit(ExitStatus.success)
    }
    if first == GlobalOptions.generateManualPage.name {
        try Console.standardOutput.write(ManualPage.text)
        exit(ExitStatus.success)
    }
} catch {
    exit(with: error, spec: nil)
}

// A command word always names the command, even where a folder of that name exists (a folder
// named `index` opens as ./index or after `--`). Anything else that looks like a path — an
// option, a `/`, an existing file — is the interface's folder, which says when it is missing.
let command: Command
let commandArguments: [String]
if let named = Commands.named(first) {
    command = named
    commandArguments = Array(arguments.dropFirst())
} else if first.isEmpty || first.hasPrefix("-") || first.hasPrefix(".") || first.contains("/") || FileManager.default.fileExists(atPath: first) {
    command = Commands.interface
    commandArguments = arguments
} else {
    exit(with: CLIError.unknownCommand(first), spec: nil)
}
if command.spec.name != nil { Interruption.install() }  // the interface handles its signals itself
do {
    // Help stays readable with a broken configuration file (it would say how to fix it).
    let wantsHelpOnly = commandArguments.prefix { $0 != GlobalOptions.endOfOptions }.contains(where: GlobalOptions.isHelp)
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
    if command.spec.declares(Console.colorOption) {
        Console.applyColorChoice(parsed[Console.colorOption])
    }
    try command.run(parsed)
    try Interruption.check()
} catch {
    exit(with: error, spec: command.spec)
}
exit(ExitStatus.success)
