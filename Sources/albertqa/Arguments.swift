import Foundation
import Settings

/// One option of a command, declared once: name, value type (with its valid range), default,
/// the configuration-file key that may set it, and help. Parsing checks every value against
/// the declaration, so commands read values that are already valid (`arguments.int(top)`),
/// and a value out of range is a usage error before any work starts.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        case flag
        case text
        case integer(ClosedRange<Int>)
        /// Finite numbers in the range: "nan", "inf" and 1e308 are usage errors, not NaN output.
        case number(ClosedRange<Double>)
        case choice([String])
        /// A flag that may take a value (`--encoder` alone, or `--encoder DIR`): the next
        /// argument is its value unless it is an option. Only for commands without positionals.
        case optionalText
    }

    let name: String
    let valueName: String?
    let kind: Kind
    let defaultValue: String?
    let configKey: UserConfig.Key?
    let help: String

    init(_ name: String, _ valueName: String?, _ kind: Kind, default defaultValue: String? = nil,
         config configKey: UserConfig.Key? = nil, help: String) {
        self.name = name
        self.valueName = valueName
        self.kind = kind
        self.defaultValue = defaultValue
        self.configKey = configKey
        self.help = help
    }

    /// An untyped option (a text value, or a flag when `value` is nil).
    init(name: String, value: String?, help: String) {
        self.init(name, value, value == nil ? .flag : .text, help: help)
    }

    static func flag(_ name: String, help: String) -> OptionSpec { OptionSpec(name, nil, .flag, help: help) }

    static func integer(_ name: String, _ valueName: String, in range: ClosedRange<Int>, default value: Int? = nil,
                        config: UserConfig.Key? = nil, help: String) -> OptionSpec {
        OptionSpec(name, valueName, .integer(range), default: value.map(String.init), config: config, help: help)
    }

    static func number(_ name: String, _ valueName: String, in range: ClosedRange<Double>, default value: Double? = nil,
                       help: String) -> OptionSpec {
        OptionSpec(name, valueName, .number(range), default: value.map(format), help: help)
    }

    static func choice(_ name: String, _ choices: [String], default value: String? = nil, config: UserConfig.Key? = nil,
                       help: String) -> OptionSpec {
        OptionSpec(name, choices.joined(separator: "|"), .choice(choices), default: value, config: config, help: help)
    }

    static func optionalText(_ name: String, _ valueName: String, help: String) -> OptionSpec {
        OptionSpec(name, "[\(valueName)]", .optionalText, help: help)
    }

    static func text(_ name: String, _ valueName: String, default value: String? = nil, config: UserConfig.Key? = nil,
                     help: String) -> OptionSpec {
        OptionSpec(name, valueName, .text, default: value, config: config, help: help)
    }

    /// Checks a value against the declaration; the error names the option and what it takes.
    func validate(_ value: String) throws(CLIError) {
        switch kind {
        case .flag, .text, .optionalText:
            return
        case let .integer(range):
            guard let number = Int(value), range.contains(number) else {
                throw .invalidValue(option: name, value: value, expected: "a whole number in \(Self.describe(range))")
            }
        case let .number(range):
            guard let number = Double(value), number.isFinite, range.contains(number) else {
                throw .invalidValue(option: name, value: value, expected: "a number in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound))")
            }
        case let .choice(choices):
            guard choices.contains(value) else {
                throw .invalidValue(option: name, value: value, expected: choices.joined(separator: ", ").replacingLastComma())
            }
        }
    }

    static func format(_ number: Double) -> String { String(format: "%g", number) }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "\(range.lowerBound)..." : "\(range.lowerBound)...\(range.upperBound)"
    }

    /// The help line's text after the option's own help: range, default, configuration key.
    var helpDetails: String {
        var details: [String] = []
        if let defaultValue { details.append("default \(defaultValue)") }
        if let configKey { details.append("config: \(configKey.rawValue)") }
        return details.isEmpty ? "" : " (\(details.joined(separator: "; ")))"
    }
}

private extension String {
    func replacingLastComma() -> String {
        guard let range = range(of: ", ", options: .backwards) else { return self }
        return replacingCharacters(in: range, with: " or ")
    }
}

/// What a command accepts; its usage line and help are generated from the declarations.
struct CommandSpec: Sendable {
    typealias Option = OptionSpec

    /// nil for the interactive interface (`albertqa [DIR]`).
    let name: String?
    let summary: String
    let positionals: [String]
    let minimumPositionals: Int
    let options: [OptionSpec]

    init(name: String?, summary: String, positionals: [String] = [], minimumPositionals: Int? = nil, options: [OptionSpec]) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.minimumPositionals = minimumPositionals ?? positionals.count
        self.options = options
    }

    var displayName: String { name ?? "albertqa" }

    var usage: String {
        let args = positionals.enumerated().map { $0.offset < minimumPositionals ? $0.element : "[\($0.element)]" }
        return (["albertqa"] + (name.map { [$0] } ?? []) + args + (options.isEmpty ? [] : ["[options]"])).joined(separator: " ")
    }

    var help: String {
        var lines = ["\(summary)", "", "usage: \(usage)", "", "options:"]
        for option in options + [.flag("--help", help: "show this help")] {
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
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "--help" || argument == "-h" {
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
        }
        for option in options {
            guard parsed.values[option.name] == nil, let key = option.configKey, let value = config.value(key) else { continue }
            do {
                try option.validate(value)
            } catch {
                throw .configuration(UserConfigError(file: config.origins[key] ?? "config", line: nil, message: error.message))
            }
            // A configured model that is not a folder (`model = /dev/zero`) is a bad line of the
            // file, named with its line like every other, not a failure of the command.
            var isDirectory: ObjCBool = false
            if key == .model, !(FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw .configuration(UserConfigError(file: config.origins[key] ?? "config", line: nil,
                                                     message: "model: no such model directory \(value)"))
            }
            parsed.values[option.name] = value
        }
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
}

/// A parsed command line: values already checked against their declarations.
struct ParsedArguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var wantsHelp = false

    func flag(_ option: OptionSpec) -> Bool { flags.contains(option.name) }

    /// The value given (command line, then configuration file), else the declared default.
    func string(_ option: OptionSpec) -> String? { values[option.name] ?? option.defaultValue }

    /// An integer option with a default (validated at parse time, so this cannot fail).
    func int(_ option: OptionSpec) -> Int {
        guard let text = string(option), let value = Int(text) else { preconditionFailure("\(option.name) declares no integer default") }
        return value
    }

    /// An integer option without a default: nil when not given.
    func optionalInt(_ option: OptionSpec) -> Int? { string(option).flatMap { Int($0) } }

    func double(_ option: OptionSpec) -> Double {
        guard let text = string(option), let value = Double(text) else { preconditionFailure("\(option.name) declares no number default") }
        return value
    }

    // By name, for options declared without a type (values checked here instead).

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int> = 1...Int.max) throws(CLIError) -> Int {
        guard let text = values[name] else { return fallback }
        try OptionSpec(name, "N", .integer(range), help: "").validate(text)
        return Int(text)!
    }

    func double(_ name: String, default fallback: Double, range: ClosedRange<Double> = -1e6...1e6) throws(CLIError) -> Double {
        guard let text = values[name] else { return fallback }
        try OptionSpec(name, "X", .number(range), help: "").validate(text)
        return Double(text)!
    }
}
