import Foundation

/// A command-line mistake: printed with the command's usage, exit code 2.
struct UsageError: Error {
    let message: String
}

/// A failure while running a valid command: printed as one line, exit code 1.
struct CommandFailure: Error {
    let message: String
}

/// What a subcommand accepts, and the help text generated from it.
struct CommandSpec {
    struct Option {
        let name: String
        let value: String?  // nil for a flag
        let help: String
        /// The value may be left out (`--encoder` alone, or `--encoder DIR`): set as a flag then.
        var valueIsOptional = false
    }

    let name: String
    let summary: String
    let positionals: [String]
    let minimumPositionals: Int
    let options: [Option]

    init(name: String, summary: String, positionals: [String] = [], minimumPositionals: Int? = nil, options: [Option]) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.minimumPositionals = minimumPositionals ?? positionals.count
        self.options = options
    }

    var usage: String {
        let args = positionals.enumerated().map { $0.offset < minimumPositionals ? $0.element : "[\($0.element)]" }
        let opts = options.map { option in
            option.value.map { option.valueIsOptional ? "[\(option.name) [\($0)]]" : "[\(option.name) \($0)]" } ?? "[\(option.name)]"
        }
        return (["albertqa", name] + args + opts).joined(separator: " ")
    }

    var help: String {
        var lines = ["\(summary)", "", "usage: \(usage)", "", "options:"]
        for option in options + [Option(name: "--help", value: nil, help: "show this help")] {
            let left = option.value.map { option.valueIsOptional ? "\(option.name) [\($0)]" : "\(option.name) \($0)" } ?? option.name
            lines.append("  " + left.padding(toLength: max(24, left.count + 2), withPad: " ", startingAt: 0) + option.help)
        }
        return lines.joined(separator: "\n")
    }

    /// Parses `--name value`, `--name=value` and flags; anything unknown is a usage error.
    func parse(_ arguments: [String]) throws -> ParsedArguments {
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
                throw UsageError(message: "unknown option \(name) for '\(self.name)'")
            }
            if option.value == nil {
                guard inlineValue == nil else { throw UsageError(message: "\(name) takes no value") }
                parsed.flags.insert(name)
            } else if let inlineValue {
                parsed.values[name] = inlineValue
            } else if option.valueIsOptional && (index == arguments.count || arguments[index].hasPrefix("-")) {
                parsed.flags.insert(name)
            } else {
                guard index < arguments.count else { throw UsageError(message: "\(name) needs a value") }
                parsed.values[name] = arguments[index]
                index += 1
            }
        }
        if !parsed.wantsHelp {
            guard parsed.positionals.count >= minimumPositionals else {
                throw UsageError(message: "'\(name)' needs \(positionals.prefix(minimumPositionals).joined(separator: " "))")
            }
            guard parsed.positionals.count <= positionals.count else {
                throw UsageError(message: "unexpected argument '\(parsed.positionals[positionals.count])'")
            }
        }
        return parsed
    }
}

struct ParsedArguments {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var wantsHelp = false

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int> = 1...Int.max) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound == Int.max ? "" : String(range.upperBound)), got '\(text)'")
        }
        return value
    }

    func double(_ name: String, default fallback: Double) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), value.isFinite else { throw UsageError(message: "\(name) must be a number, got '\(text)'") }
        return value
    }
}

/// Prints a JSON value (objects with sorted keys, so output is stable).
func printJSON(_ value: Any) {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]),
          let text = String(data: data, encoding: .utf8)
    else { return }
    print(text)
}

/// Rounds for display in JSON (keeps files readable; logits need no more than 6 digits).
func rounded(_ value: Float, digits: Int = 6) -> Double {
    let scale = pow(10, Double(digits))
    return (Double(value) * scale).rounded() / scale
}
