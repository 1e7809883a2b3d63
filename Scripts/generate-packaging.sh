#!/usr/bin/env bash
# Writes the man page and the bash/zsh/fish completions (Packaging/) from the CLI's option
# declarations: `albertqa --generate-manpage` and `albertqa --generate-completions SHELL`.
# Run it after adding or changing an option, a command, a kernel table or a retriever, and
# commit the files. With --check it writes nothing and fails when a committed file differs
# (CI runs that; CLITests checks the same).
# usage: Scripts/generate-packaging.sh [--check]   (ALBERTQA_BIN: the binary, default a debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ALBERTQA_BIN:-}
if [[ -z $bin ]]; then
    swift build --product albertqa >&2
    bin=$(swift build --show-bin-path)/albertqa
fi
check=false
[[ ${1:-} == --check ]] && check=true
status=0
generate() {  # FILE ARGUMENTS...
    local file=$1
    shift
    if $check; then
        if ! diff -u "$file" <("$bin" "$@") >&2; then
            echo "$file is not what the option declarations generate: run Scripts/generate-packaging.sh" >&2
            status=1
        fi
    else
        "$bin" "$@" >"$file"
    fi
}
generate Packaging/albertqa.1 --generate-manpage
generate Packaging/completions/albertqa.bash --generate-completions bash
generate Packaging/completions/_albertqa --generate-completions zsh
generate Packaging/completions/albertqa.fish --generate-completions fish
exit $status
