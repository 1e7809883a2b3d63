import Foundation
import Settings

/// What a command accepts; its usage line, help, man page entry and completions are generated
/// from the declarations.
struct CommandSpec: Sendable {
    /// nil for the interactive interface (`albertqa [DIR]`).
    let name: String?
    let summary: String
    let positionals: [String]
    let minimumPositionals: Int
    let options: [OptionSpec]

    init(name: String?, summary: String, positionals: [String] = [], minimumPositionals: Int? = nil, options: [any OptionDeclaration]) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.minimumPositionals = minimumPositionals ?? positionals.count
        self.options = options.map(\.spec)
    }

    var displayName: String { name ?? "albertqa" }

    func declares(_ option: some OptionDeclaration) -> Bool { options.contains { $0.name == option.name } }

    var usage: String {
        let args = positionals.enumerated().map { $0.offset < minimumPositionals ? $0.element : "[\($0.element)]" }
        return (["albertqa"] + (name.map { [$0] } ?? []) + args + (options.isEmpty ? [] : ["[options]"])).joined(separator: " ")
    }

    /// The options help lists: the declared ones, then --help.
    var optionsWithHelp: [OptionSpec] { options + [GlobalOptions.help.spec] }

    var help: String {
        var lines = ["\(summary)", "", "usage: \(usage)", "", "options:"]
        for option in optionsWithHelp {
            let left = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            lines.append("  " + left.padding(toLength: max(24, left.count + 2), withPad: " ", startingAt: 0) + option.help + option.helpDetails)
        }
        return lines.joined(separator: "\n")
    }

    /// Parses `--name value`, `--name=value`, flags and positionals (`--` ends options, `-`
    /// is a positional: standard input). Values missing from the command line come from the
    /// configuration file where the option has a key. Anything unknown or invalid is a usage
    /// error.
    func parse(_ arguments: [String], config: UserConfig = UserConfig()) throws(CLIError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == GlobalOptions.endOfOptions {
                onlyPositionals = true
                continue
            }
            if GlobalOptions.isHelp(argument) {
                parsed.wantsHelp = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw .unknownOption(name, command: displayName)
            }
            if case .flag = option.kind {
                guard inlineValue == nil else { throw .unexpectedValue(option: name) }
                parsed.flags.insert(name)
                continue
            }
            if case .optionalText = option.kind, inlineValue == nil, index == arguments.count || arguments[index].hasPrefix("-") {
                parsed.flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue(option: name) }
                value = arguments[index]
                index += 1
            }
            try option.validate(value)
            parsed.values[name] = value
            if option.isRepeatable { parsed.repeatedValues[name, default: []].append(value) }
        }
        try fillFromConfiguration(&parsed, config: config)
        if !parsed.wantsHelp {
            guard parsed.positionals.count >= minimumPositionals else {
                throw .missingArguments(Array(positionals[parsed.positionals.count..<minimumPositionals]), command: displayName)
            }
            guard parsed.positionals.count <= positionals.count else {
                throw .unexpectedArgument(parsed.positionals[positionals.count])
            }
        }
        return parsed
    }

    /// The values the command line left out, from the configuration file's keys (checked like
    /// the command line's: a bad value is a bad line of the file).
    private func fillFromConfiguration(_ parsed: inout ParsedArguments, config: UserConfig) throws(CLIError) {
        for option in options {
            guard parsed.values[option.name] == nil, let key = option.configKey, let value = config.value(key) else { continue }
            if case .flag = option.kind {
                // An on/off key (checked when the file was read): on gives the flag.
                if value == "on" { parsed.flags.insert(option.name) }
                continue
            }
            do {
                try option.validate(value)
            } catch {
                throw .configuration(.rejectedValue(origin: config.origins[key] ?? "config", reason: error.message))
            }
            // A configured model that is not a folder (`model = /dev/zero`) is a bad line of the
            // file, named with its line like every other, not a failure of the command.
            var isDirectory: ObjCBool = false
            if key == .model, !(FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw .configuration(.noModelDirectory(origin: config.origins[key] ?? "config", path: value))
            }
            parsed.values[option.name] = value
        }
    }
}

/// The options every command line knows, outside any command's declarations.
enum GlobalOptions {
    static let help = Flag("--help", help: "show this help")
    static let shortHelp = "-h"
    static let version = Flag("--version", help: "the version")
    /// Hidden: write the shell completions (bash, zsh or fish) or the man page from the declarations.
    static let generateCompletions = Option<CompletionShell>("--generate-completions", help: "print the shell's completion script")
    static let generateManualPage = Flag("--generate-manpage", help: "print the man page")
    /// Ends the options: what follows is positional.
    static let endOfOptions = "--"

    static func isHelp(_ argument: String) -> Bool { argument == help.name || argument == shortHelp }
}

/// A parsed command line: values already checked against their declarations, read through them.
struct ParsedArguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var wantsHelp = false
    /// Every value of a repeatable option, in order (`values` keeps the last).
    var repeatedValues: [String: [String]] = [:]

    subscript(flag: Flag) -> Bool { flags.contains(flag.name) }

    /// The value given (command line, then configuration file), or nil.
    subscript<Value>(option: Option<Value>) -> Value? { values[option.name].flatMap(Value.init(argument:)) }

    /// The value given (command line, then configuration file), else the declared default.
    /// (Values were validated at parse time, so the conversion cannot fail.)
    subscript<Value>(option: DefaultedOption<Value>) -> Value {
        values[option.name].flatMap(Value.init(argument:)) ?? option.defaultValue
    }

    /// Every value given, in order.
    subscript<Value>(option: RepeatedOption<Value>) -> [Value] {
        (repeatedValues[option.name] ?? []).compactMap(Value.init(argument:))
    }

    /// Whether the option was given a value, or (an optional-value option) given alone.
    func isGiven(_ option: some OptionDeclaration) -> Bool { values[option.name] != nil || flags.contains(option.name) }
}
