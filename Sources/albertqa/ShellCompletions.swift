import Foundation

/// `albertqa --generate-completions bash|zsh|fish`.
enum CompletionShell: String, ChoiceValue {
    case bash, zsh, fish

    /// Where the file lives in the repository (Packaging/), as `make install` installs it.
    var packagingPath: String {
        switch self {
        case .bash: "Packaging/completions/albertqa.bash"
        case .zsh: "Packaging/completions/_albertqa"
        case .fish: "Packaging/completions/albertqa.fish"
        }
    }
}

/// The bash, zsh and fish completion scripts, generated from the commands' declarations
/// (options, value names, enum choices, files or folders for paths): a new option or choice
/// reaches every shell when Scripts/generate-packaging.sh is run, and CI fails while the
/// committed files differ from what this prints.
enum ShellCompletions {
    static func script(for shell: CompletionShell, commands: [Command] = Commands.all, interface: Command = Commands.interface) -> String {
        switch shell {
        case .bash: bash(commands, interface: interface)
        case .zsh: zsh(commands, interface: interface)
        case .fish: fish(commands, interface: interface)
        }
    }

    static let header = "(generated from the option declarations by `albertqa --generate-completions`:\n# run Scripts/generate-packaging.sh after changing an option; installed by `make install`)"

    /// What a positional argument takes, from its name.
    static func completion(ofPositional name: String) -> OptionSpec.Completion {
        switch name {
        case "DIR": .directories
        case "FILE", "PATH": .files
        default: .none
        }
    }

    /// The interface's options and the version flag (only without a command).
    static func interfaceOptions(_ interface: Command) -> [OptionSpec] { interface.spec.options + [GlobalOptions.version.spec] }

    // MARK: bash

    /// Every option that takes a value (always: `[DIR]`-style optional values are left out),
    /// so that a completion can tell the folder argument from an option's value.
    static func valuedOptions(_ commands: [Command], interface: Command) -> [String] {
        var names: [String] = []
        for option in commands.flatMap(\.spec.options) + interfaceOptions(interface) where option.takesValue && !names.contains(option.name) {
            if case .optionalText = option.kind { continue }
            names.append(option.name)
        }
        return names
    }

    static func bash(_ commands: [Command], interface: Command) -> String {
        var lines = [
            "# bash completion for albertqa \(header)",
            "",
            "# The folder --in patterns are relative to: --folder's value, else (but for eval, whose",
            "# argument is a FILE) the first argument that is neither the command nor an option's value.",
            "_albertqa_folder() {",
            "    local valued=\"\(valuedOptions(commands, interface: interface).joined(separator: " "))\"",
            "    local i word skip=0 folder=\"\"",
            "    for ((i = 1; i < cword; i++)); do",
            "        word=${words[i]}",
            "        if ((skip)); then skip=0; continue; fi",
            "        case $word in",
            "            --folder=*) folder=${word#--folder=}; break ;;",
            "            --folder) folder=${words[i+1]}; break ;;",
            #"            -*) [[ " $valued " == *" ${word%%=*} "* && $word != *=* ]] && skip=1 ;;"#,
            #"            *) [[ $word == "$command" || -n $folder || $command == eval ]] || folder=$word ;;"#,
            "        esac",
            "    done",
            #"    folder=${folder/#\~/$HOME}"#,
            #"    printf '%s' "${folder:-.}""#,
            "}",
            "",
            "# Paths inside that folder, a folder's with its slash.",
            "_albertqa_folder_paths() {",
            #"    local folder entry; folder=$(_albertqa_folder)"#,
            "    COMPREPLY=()",
            #"    while IFS= read -r entry; do [[ -d $folder/$entry ]] && entry+=/; COMPREPLY+=("$entry"); done < <(cd -- "$folder" 2>/dev/null && compgen -f -- "$cur")"#,
            #"    [[ ${COMPREPLY[*]} == */ || ${COMPREPLY[*]} == */\ * ]] && compopt -o nospace 2>/dev/null"#,
            "}",
            "",
            "_albertqa() {",
            "    local cur prev words cword",
            #"    _init_completion 2>/dev/null || { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }"#,
            "    local commands=\"\(commands.compactMap(\.spec.name).joined(separator: " "))\"",
            "    local command=\"\" word",
            #"    for word in "${words[@]:1:cword-1}"; do"#,
            #"        case " $commands " in *" $word "*) command=$word; break ;; esac"#,
            "    done",
            "    local options positional",
            "    case $command in",
        ]
        for command in commands + [interface] {
            let options = command.spec.name == nil ? interfaceOptions(interface) : command.spec.options
            lines.append("        \(command.spec.name ?? "*"))")
            lines += bashValueCases(options)
            lines.append("            options=\"\(options.map(\.name).joined(separator: " "))\"")
            let positional = command.spec.positionals.first.map(completion(ofPositional:)) ?? OptionSpec.Completion.none
            lines.append("            positional=\(bashPositional(positional)) ;;")
        }
        lines += [
            "    esac",
            "    if [[ $cur == -* ]]; then",
            #"        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))"#,
            "    elif [[ -z $command ]]; then",
            #"        COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -d -- "$cur"))"#,
            "    elif [[ -n $positional ]]; then",
            #"        COMPREPLY=($(compgen $positional -- "$cur"))"#,
            "    fi",
            "}",
            "complete -F _albertqa albertqa",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `case $prev in`: the values of the option just typed (words, folders, files, or
    /// nothing to offer), grouped by what they complete.
    static func bashValueCases(_ options: [OptionSpec]) -> [String] {
        var groups: [(reply: String, names: [String])] = []
        for option in options where option.takesValue {
            let reply = switch option.completion {
            case let .words(words): #"COMPREPLY=($(compgen -W "\#(words.joined(separator: " "))" -- "$cur")); "#
            case .directories: #"COMPREPLY=($(compgen -d -- "$cur")); "#
            case .files: #"COMPREPLY=($(compgen -f -- "$cur")); "#
            case .folderPaths: "_albertqa_folder_paths; "
            case .none: ""
            }
            if let group = groups.firstIndex(where: { $0.reply == reply }) { groups[group].names.append(option.name) } else { groups.append((reply, [option.name])) }
        }
        guard !groups.isEmpty else { return [] }
        return ["            case $prev in"]
            + groups.map { "                \($0.names.joined(separator: "|"))) \($0.reply)return ;;" }
            + ["            esac"]
    }

    static func bashPositional(_ completion: OptionSpec.Completion) -> String {
        switch completion {
        case .directories: "-d"
        case .files: "-f"
        case .words, .none, .folderPaths: "\"\""
        }
    }

    // MARK: zsh

    static func zsh(_ commands: [Command], interface: Command) -> String {
        var lines = [
            "#compdef albertqa",
            "# zsh completion for albertqa \(header)",
            "",
            "# Paths inside the folder --in patterns are relative to: --folder's value, else (but for",
            "# eval, whose argument is a FILE) the folder argument: $line's second word after a",
            "# command, its first without one.",
            "local -a albertqa_commands",
            "albertqa_commands=(\(commands.compactMap(\.spec.name).joined(separator: " ")))",
            "_albertqa_folder_paths() {",
            "  local folder=${opt_args[--folder]}",
            "  if [[ -z $folder ]]; then",
            "    if (( ${albertqa_commands[(Ie)$words[2]]} )); then",
            "      [[ $words[2] == eval ]] || folder=${line[2]}",
            "    else",
            "      folder=${line[1]}",
            "    fi",
            "  fi",
            "  folder=${(Q)folder:-.}",
            "  _files -W ${~folder}",
            "}",
            "",
            "if (( CURRENT == 2 )); then",
            "  local -a commands",
            "  commands=(",
        ]
        for command in commands { lines.append("    " + zshQuote("\(command.spec.name ?? ""):\(firstSentence(command.spec.summary))")) }
        lines += [
            "  )",
            "  _describe -t commands 'albertqa command' commands",
            "  _directories",
            "  return",
            "fi",
            "",
            "case $words[2] in",
        ]
        for command in commands {
            var specs = ["'1: :'"]
            for (offset, positional) in command.spec.positionals.enumerated() {
                let optional = offset >= command.spec.minimumPositionals ? ":" : ""
                specs.append(zshQuote("\(offset + 2):\(optional)\(positional):\(zshAction(completion(ofPositional: positional)))"))
            }
            specs += command.spec.options.map(zshOption)
            lines.append("  \(command.spec.name ?? ""))")
            lines.append("    _arguments \\")
            lines += specs.enumerated().map { "      \($0.element)" + ($0.offset == specs.count - 1 ? " ;;" : " \\") }
        }
        let interfaceSpecs = ["'*:folder:_directories'"] + interfaceOptions(interface).map(zshOption)
        lines.append("  *)")
        lines.append("    _arguments \\")
        lines += interfaceSpecs.enumerated().map { "      \($0.element)" + ($0.offset == interfaceSpecs.count - 1 ? " ;;" : " \\") }
        lines.append("esac")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `'--top[how many answers]:N:'`, `'--color[…]:auto|always|never:(auto always never)'`.
    static func zshOption(_ option: OptionSpec) -> String {
        let description = "[\(zshEscape(option.help))]"
        guard option.takesValue else { return zshQuote(option.name + description) }
        var optional = ""
        var valueName = option.valueName ?? "value"
        if case .optionalText = option.kind {
            optional = ":"
            valueName = String(valueName.dropFirst().dropLast())  // "[DIR]": the brackets say optional
        }
        valueName = zshEscape(valueName)
        return zshQuote("\(option.name)\(description):\(optional)\(valueName):\(zshAction(option.completion))")
    }

    static func zshAction(_ completion: OptionSpec.Completion) -> String {
        switch completion {
        case let .words(words): "(\(words.joined(separator: " ")))"
        case .directories: "_directories"
        case .files: "_files"
        case .folderPaths: "_albertqa_folder_paths"
        case .none: ""
        }
    }

    /// Inside an `_arguments` description or message: brackets and colons are syntax.
    static func zshEscape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "[]:\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    static func zshQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }

    // MARK: fish

    static func fish(_ commands: [Command], interface: Command) -> String {
        let names = commands.compactMap(\.spec.name)
        let noCommand = "-n \"not __fish_seen_subcommand_from $commands\""
        var lines = [
            "# fish completion for albertqa \(header)",
            "",
            "# Paths inside the folder --in patterns are relative to: --folder's value, else (but for",
            "# eval, whose argument is a FILE) the first argument that is neither the command nor an",
            "# option's value; a folder's with its slash.",
            "function __albertqa_folder_paths",
            "    set -l valued \(valuedOptions(commands, interface: interface).joined(separator: " "))",
            "    set -l tokens (commandline -opc)",
            "    set -l folder",
            "    set -l command",
            "    set -l i 2",
            "    while test $i -le (count $tokens)",
            "        set -l token $tokens[$i]",
            "        switch $token",
            "            case '--folder=*'",
            "                set folder (string replace -- --folder= '' $token)",
            "                break",
            "            case --folder",
            "                set folder $tokens[(math $i + 1)]",
            "                break",
            "            case '-*'",
            "                contains -- $token $valued; and set i (math $i + 1)",
            "            case '*'",
            "                if test $i -eq 2; and contains -- $token \(names.joined(separator: " "))",
            "                    set command $token",
            "                else if test -z \"$folder\"; and test \"$command\" != eval",
            "                    set folder $token",
            "                end",
            "        end",
            "        set i (math $i + 1)",
            "    end",
            "    test -n \"$folder\"; or set folder .",
            "    set folder (string replace -r -- '^~' $HOME $folder)",
            "    for path in $folder/(commandline -ct)*",
            "        set -l shown (string replace -- \"$folder/\" '' $path)",
            "        test -d $path; and set shown $shown/",
            "        echo $shown",
            "    end",
            "end",
            "",
            "set -l commands \(names.joined(separator: " "))",
            "complete -c albertqa -f",
        ]
        for command in commands {
            lines.append("complete -c albertqa \(noCommand) -a \(command.spec.name ?? "") -d \(fishQuote(firstSentence(command.spec.summary)))")
        }
        lines.append("complete -c albertqa \(noCommand) -a \"(__fish_complete_directories)\"")
        for option in interfaceOptions(interface) { lines.append("complete -c albertqa \(noCommand) \(fishOption(option))") }
        lines.append("complete -c albertqa -l help -s h -d \(fishQuote(GlobalOptions.help.spec.help))")
        for command in commands {
            let name = command.spec.name ?? ""
            let condition = "-n \"__fish_seen_subcommand_from \(name)\""
            lines.append("")
            switch command.spec.positionals.first.map(completion(ofPositional:)) {
            case .directories?: lines.append("complete -c albertqa \(condition) -a \"(__fish_complete_directories)\"")
            case .files?: lines.append("complete -c albertqa \(condition) -F")
            default: break
            }
            for option in command.spec.options { lines.append("complete -c albertqa \(condition) \(fishOption(option))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `-l top -x -d '…'`: -x (a value, no files), -r -F (a file), -a words or folders.
    static func fishOption(_ option: OptionSpec) -> String {
        var parts = ["-l \(option.name.dropFirst(2))"]
        let optionalValue: Bool
        if case .optionalText = option.kind { optionalValue = true } else { optionalValue = false }
        if option.takesValue {
            switch option.completion {
            case let .words(words): parts.append("-x -a \(fishQuote(words.joined(separator: " ")))")
            case .directories: parts.append((optionalValue ? "" : "-x ") + "-a \"(__fish_complete_directories)\"")
            case .files: parts.append("-r -F")
            case .folderPaths: parts.append("-x -a \"(__albertqa_folder_paths)\"")
            case .none: parts.append("-x")
            }
        }
        parts.append("-d \(fishQuote(option.help))")
        return parts.joined(separator: " ")
    }

    static func fishQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A command's summary up to its first full stop (as the top-level help lists it).
    static func firstSentence(_ summary: String) -> String { String(summary.prefix { $0 != "." }) }
}
