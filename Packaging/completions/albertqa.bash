# bash completion for albertqa (generated from the option declarations by `albertqa --generate-completions`:
# run Scripts/generate-packaging.sh after changing an option; installed by `make install`)

# The folder --in patterns are relative to: --folder's value, else (but for eval, whose
# argument is a FILE) the first argument that is neither the command nor an option's value.
_albertqa_folder() {
    local valued="--top --passages --bm25-weight --in --after --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --bm25-places --index --passage-words --overlap --max-file-mb --tool-seconds --color --model --precision --kernels --null-threshold --k --folder --scope --read-scope --follow-up-weights --limit --documents --every --predictions --against --candidates --calibration-features --question --context-file --context --seq --runs --search --queries --words --texts --dense-scan --rounds"
    local i word skip=0 folder=""
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        if ((skip)); then skip=0; continue; fi
        case $word in
            --folder=*) folder=${word#--folder=}; break ;;
            --folder) folder=${words[i+1]}; break ;;
            -*) [[ " $valued " == *" ${word%%=*} "* && $word != *=* ]] && skip=1 ;;
            *) [[ $word == "$command" || -n $folder || $command == eval ]] || folder=$word ;;
        esac
    done
    folder=${folder/#\~/$HOME}
    printf '%s' "${folder:-.}"
}

# Paths inside that folder, a folder's with its slash.
_albertqa_folder_paths() {
    local folder entry; folder=$(_albertqa_folder)
    COMPREPLY=()
    while IFS= read -r entry; do [[ -d $folder/$entry ]] && entry+=/; COMPREPLY+=("$entry"); done < <(cd -- "$folder" 2>/dev/null && compgen -f -- "$cur")
    [[ ${COMPREPLY[*]} == */ || ${COMPREPLY[*]} == */\ * ]] && compopt -o nospace 2>/dev/null
}

_albertqa() {
    local cur prev words cword
    _init_completion 2>/dev/null || { cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }
    local commands="ask index search eval read tokenize bench"
    local command="" word
    for word in "${words[@]:1:cword-1}"; do
        case " $commands " in *" $word "*) command=$word; break ;; esac
    done
    local options positional
    case $command in
        ask)
            case $prev in
                --top|--passages|--bm25-weight|--after|--column-weights|--fusion-depth|--vector-window|--fusion-k|--dense-weight|--bm25-places|--passage-words|--overlap|--max-file-mb|--tool-seconds|--null-threshold) return ;;
                --in) _albertqa_folder_paths; return ;;
                --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
                --encoder|--model) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --fusion) COMPREPLY=($(compgen -W "rrf convex" -- "$cur")); return ;;
                --index) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference" -- "$cur")); return ;;
            esac
            options="--top --passages --bm25-weight --in --after --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --bm25-places --index --passage-words --overlap --max-file-mb --tool-seconds --source-code --json --vimgrep --color --model --precision --kernels --null-threshold"
            positional=-d ;;
        index)
            case $prev in
                --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
                --encoder) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --vector-window|--passage-words|--overlap|--max-file-mb|--tool-seconds) return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --index) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
            esac
            options="--retriever --encoder --vector-window --precision --index --passage-words --overlap --max-file-mb --tool-seconds --source-code --json --color"
            positional=-d ;;
        search)
            case $prev in
                --top|--column-weights|--fusion-depth|--vector-window|--fusion-k|--dense-weight|--bm25-places|--passage-words|--overlap|--max-file-mb|--tool-seconds) return ;;
                --in) _albertqa_folder_paths; return ;;
                --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
                --encoder) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --fusion) COMPREPLY=($(compgen -W "rrf convex" -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --index) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
            esac
            options="--top --in --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --bm25-places --precision --index --passage-words --overlap --max-file-mb --tool-seconds --source-code --json --color"
            positional=-d ;;
        eval)
            case $prev in
                --k|--read-scope|--follow-up-weights|--column-weights|--fusion-depth|--vector-window|--fusion-k|--dense-weight|--bm25-places|--limit|--every|--passages|--bm25-weight|--passage-words|--overlap|--null-threshold) return ;;
                --folder|--encoder|--against|--model) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --in) _albertqa_folder_paths; return ;;
                --scope) COMPREPLY=($(compgen -W "folder document" -- "$cur")); return ;;
                --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
                --index|--predictions|--candidates|--calibration-features) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --fusion) COMPREPLY=($(compgen -W "rrf convex" -- "$cur")); return ;;
                --documents) COMPREPLY=($(compgen -W "even odd all" -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference" -- "$cur")); return ;;
            esac
            options="--open --recall --k --folder --in --scope --read-scope --follow-up --follow-up-weights --retriever --encoder --column-weights --fusion-depth --vector-window --index --fusion-k --dense-weight --fusion --bm25-places --limit --documents --every --passages --bm25-weight --one-passage-at-a-time --predictions --against --unanswerable --candidates --calibration-features --passage-words --overlap --json --model --precision --kernels --null-threshold"
            positional=-f ;;
        read)
            case $prev in
                --question|--context|--top|--null-threshold) return ;;
                --context-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --model) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference" -- "$cur")); return ;;
            esac
            options="--question --context-file --context --top --json --model --precision --kernels --null-threshold"
            positional="" ;;
        tokenize)
            case $prev in
                --model|--encoder) COMPREPLY=($(compgen -d -- "$cur")); return ;;
            esac
            options="--json --model --encoder --bench"
            positional="" ;;
        bench)
            case $prev in
                --seq|--runs|--passages|--words|--dense-scan|--passage-words|--overlap|--rounds) return ;;
                --search|--encoder|--model) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --queries|--texts|--index) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto all" -- "$cur")); return ;;
                --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference all" -- "$cur")); return ;;
            esac
            options="--seq --runs --search --queries --encoder --passages --words --texts --dense-scan --index --passage-words --overlap --precision --kernels --rounds --json --model"
            positional="" ;;
        *)
            case $prev in
                --index) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                --model|--encoder) COMPREPLY=($(compgen -d -- "$cur")); return ;;
                --precision) COMPREPLY=($(compgen -W "fp32 bf16 int8 auto" -- "$cur")); return ;;
                --kernels) COMPREPLY=($(compgen -W "auto avx512 avxvnni avx2 neon reference" -- "$cur")); return ;;
                --null-threshold|--top|--passages|--column-weights|--fusion-depth|--vector-window|--fusion-k|--dense-weight|--bm25-places|--passage-words|--overlap|--max-file-mb|--tool-seconds) return ;;
                --retriever) COMPREPLY=($(compgen -W "auto bm25 dense hybrid" -- "$cur")); return ;;
                --fusion) COMPREPLY=($(compgen -W "rrf convex" -- "$cur")); return ;;
                --in) _albertqa_folder_paths; return ;;
            esac
            options="--index --model --precision --kernels --null-threshold --top --passages --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --bm25-places --in --passage-words --overlap --max-file-mb --tool-seconds --source-code --no-mouse --version"
            positional=-d ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
    elif [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur") $(compgen -d -- "$cur"))
    elif [[ -n $positional ]]; then
        COMPREPLY=($(compgen $positional -- "$cur"))
    fi
}
complete -F _albertqa albertqa
