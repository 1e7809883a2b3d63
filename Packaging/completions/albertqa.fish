# fish completion for albertqa (installed by `make install`; Tests/CLITests checks every
# option of the CLI is here).
set -l commands ask index search eval read tokenize bench
complete -c albertqa -f
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a "$commands" -d command
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a "(__fish_complete_directories)"
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l version -d "the version"
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l top -x -d "answers per question"
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l no-mouse -d "no mouse in the interface"
complete -c albertqa -l help -s h -d "show help"

complete -c albertqa -n "__fish_seen_subcommand_from ask" -l top -x -d "answers shown"
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l vimgrep -d "path:line:column:answer lines"
complete -c albertqa -n "__fish_seen_subcommand_from ask eval" -l passages -x -d "passages read"
complete -c albertqa -n "__fish_seen_subcommand_from ask eval" -l bm25-weight -x -d "BM25 weight in the ranking"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search" -l color -x -a "auto always never" -d colour
complete -c albertqa -n "__fish_seen_subcommand_from ask index search bench; or not __fish_seen_subcommand_from $commands" -l index -r -F -d "the index database"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search eval bench" -l passage-words -x -d "words per passage at most"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search eval bench" -l overlap -x -d "sentences of overlap"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search" -l max-file-mb -x -d "skip files with more text, in MB"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search eval read tokenize bench" -l json -d "JSON output"
complete -c albertqa -l model -r -a "(__fish_complete_directories)" -d "ALBERT QA model directory"
complete -c albertqa -n "not __fish_seen_subcommand_from bench" -l precision -x -a "fp32 bf16 int8 auto" -d "reader arithmetic"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l precision -x -a "fp32 bf16 int8 auto all" -d "precisions to time"
complete -c albertqa -n "__fish_seen_subcommand_from ask index search" -a "(__fish_complete_directories)"

complete -c albertqa -n "__fish_seen_subcommand_from search" -l top -x -d "passages shown"
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l open -d "answer through retrieval"
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l limit -x -d "only the first N questions"
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l one-passage-at-a-time -d "one passage on all cores"
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l predictions -r -F -d "write predictions JSON"
complete -c albertqa -n "__fish_seen_subcommand_from eval" -F
complete -c albertqa -n "__fish_seen_subcommand_from read" -l question -x -d "the question"
complete -c albertqa -n "__fish_seen_subcommand_from read" -l context -x -d "the context"
complete -c albertqa -n "__fish_seen_subcommand_from read" -l context-file -r -F -d "context file (- for stdin)"
complete -c albertqa -n "__fish_seen_subcommand_from read" -l top -x -d "answers shown"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l seq -x -d "tokens in the window"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l runs -x -d "timed runs"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l search -r -a "(__fish_complete_directories)" -d "time BM25 over a folder"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l queries -r -F -d "queries file"
complete -c albertqa -n "__fish_seen_subcommand_from tokenize bench" -l encoder -a "(__fish_complete_directories)" -d "the sentence encoder"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l passages -x -d "passages per batch (--encoder)"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l words -x -d "words per passage (--encoder)"
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l texts -r -F -d "passages file (--encoder)"
