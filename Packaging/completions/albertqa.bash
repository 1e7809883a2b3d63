# bash completion for albertqa (installed by `make install`; keep in step with the CLI's
# option declarations — Tests/CLITests checks every option is here).
_albertqa() {
    local cur prev words cword
    _init_completion 2>/dev/null || { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
    local commands="ask index search eval read tokenize bench"
    local command="" word
    for word in "${words[@]:1:cword-1}"; do
        case " $commands " in *" $word "*) command=$word; break ;; esac
    done
    case $prev in
        --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto all" -- "$cur")); return ;;
        --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference all" -- "$cur")); return ;;
        --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
        --fusion) COMPREPLY=($(compgen -W "rrf convex" -- "$cur")); return ;;
        --model|--search|--against|--folder|--encoder) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --index|--context-file|--predictions|--calibration-features|--candidates|--queries) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --top|--passages|--bm25-weight|--passage-words|--overlap|--max-file-mb|--tool-seconds|--limit|--seq|--runs|--rounds|--question|--context|--column-weights|--fusion-depth|--fusion-k|--dense-weight|--vector-window|--every|--k|--dense-scan) return ;;
    esac
    local options
    case $command in
        ask) options="--top --passages --bm25-weight --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --index --passage-words --overlap --max-file-mb --tool-seconds --json --vimgrep --color --model --precision --kernels" ;;
        index) options="--retriever --encoder --vector-window --precision --index --passage-words --overlap --max-file-mb --tool-seconds --json --color" ;;
        search) options="--top --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --precision --index --passage-words --overlap --max-file-mb --tool-seconds --json --color" ;;
        eval) options="--open --recall --k --folder --index --every --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --limit --passages --bm25-weight --one-passage-at-a-time --predictions --against --unanswerable --calibration-features --candidates --passage-words --overlap --json --model --precision --kernels" ;;
        read) options="--question --context-file --context --top --json --model --precision --kernels" ;;
        tokenize) options="--json --model --encoder" ;;
        bench) options="--seq --runs --rounds --search --dense-scan --queries --encoder --passages --words --texts --index --passage-words --overlap --precision --kernels --json --model" ;;
        *) options="--index --model --precision --kernels --top --no-mouse --help --version" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
    elif [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -d -- "$cur"))
    elif [[ $command == eval ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    else
        COMPREPLY=($(compgen -d -- "$cur"))
    fi
}
complete -F _albertqa albertqa
