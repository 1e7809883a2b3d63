# fish completion for albertqa (generated from the option declarations by `albertqa --generate-completions`:
# run Scripts/generate-packaging.sh after changing an option; installed by `make install`)

# Paths inside the folder --in patterns are relative to: --folder's value, else (but for
# eval, whose argument is a FILE) the first argument that is neither the command nor an
# option's value; a folder's with its slash.
function __albertqa_folder_paths
    set -l valued --top --passages --bm25-weight --in --after --retriever --encoder --column-weights --fusion-depth --vector-window --fusion-k --dense-weight --fusion --bm25-places --index --passage-words --overlap --max-file-mb --tool-seconds --color --model --precision --kernels --null-threshold --k --folder --scope --read-scope --follow-up-weights --limit --documents --every --predictions --against --candidates --calibration-features --question --context-file --context --seq --runs --search --queries --words --texts --dense-scan --rounds
    set -l tokens (commandline -opc)
    set -l folder
    set -l command
    set -l i 2
    while test $i -le (count $tokens)
        set -l token $tokens[$i]
        switch $token
            case '--folder=*'
                set folder (string replace -- --folder= '' $token)
                break
            case --folder
                set folder $tokens[(math $i + 1)]
                break
            case '-*'
                contains -- $token $valued; and set i (math $i + 1)
            case '*'
                if test $i -eq 2; and contains -- $token ask index search eval read tokenize bench
                    set command $token
                else if test -z "$folder"; and test "$command" != eval
                    set folder $token
                end
        end
        set i (math $i + 1)
    end
    test -n "$folder"; or set folder .
    set folder (string replace -r -- '^~' $HOME $folder)
    for path in $folder/(commandline -ct)*
        set -l shown (string replace -- "$folder/" '' $path)
        test -d $path; and set shown $shown/
        echo $shown
    end
end

set -l commands ask index search eval read tokenize bench
complete -c albertqa -f
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a ask -d 'Answer a question from a folder of documents (indexes it first if needed)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a index -d 'Index a folder of documents (incrementally) for searching and asking'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a search -d 'Rank a folder\'s passages for a query (with any --retriever; indexes first if needed)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a eval -d 'Score the reader (or, with --open, the whole pipeline) on a SQuAD-format file'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a read -d 'Read one context for a question and print the best answer spans'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a tokenize -d 'Tokenise each line of standard input with the model\'s tokenizer (tokenizer'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a bench -d 'Time the reader on one window (the work behind every passage read), or the encoder or search'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -a "(__fish_complete_directories)"
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l index -r -F -d 'the index database (default: under $XDG_CACHE_HOME/albertqa/)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l kernels -x -a 'auto avx512 avxvnni avx2 neon reference' -d 'the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l null-threshold -x -d 'SQuAD 2.0 readers: no answer when the null score exceeds the best span\'s by more than X (default: the model\'s null_score_diff_threshold, else 0)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l top -x -d 'answers per question (the list shows as many as fit)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l passages -x -d 'passages retrieved and read'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l retriever -x -a 'auto bm25 dense hybrid' -d 'auto (the default: hybrid once the passages are encoded, which index does; BM25 until then), bm25 (SQLite FTS5\'s BM25 over title, section and text), dense (sentence-encoder cosine), hybrid (BM25 and dense fused); dense and hybrid encode the passages first'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l encoder -x -a "(__fish_complete_directories)" -d 'sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l column-weights -x -d 'BM25 weights of the title, section and text columns (default 2.0,1.0,1.0; 0,0,1 ranks by the text alone)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l fusion-depth -x -d 'hybrid: passages each retriever contributes before fusion'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l vector-window -x -d 'passage vectors: windows of W words every S words (default 96,64; 0: one vector per passage; a change re-encodes)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l fusion-k -x -d 'hybrid: reciprocal-rank fusion constant'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l dense-weight -x -d 'hybrid: weight of the dense list against BM25\'s 1 in the fusion (1 with --fusion rrf)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l fusion -x -a 'rrf convex' -d 'hybrid: rrf (reciprocal ranks) or convex (normalised scores) (default convex)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l bm25-places -x -d 'hybrid: places of the result (from 1) that BM25\'s best passages take before the fusion fills the others (default 2,4,6; none: the fusion alone)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l in -x -a "(__albertqa_folder_paths)" -d 'only these documents: a path, a folder/ or a glob relative to DIR (\'papers/2020-*.pdf\')'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l max-file-mb -x -d 'skip files with more text than this, in MB'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l tool-seconds -x -d 'stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l source-code -d 'index program source too (.py, .swift, .c …)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l no-mouse -d 'no mouse clicks and wheel, so the terminal selects text (config: mouse = off)'
complete -c albertqa -n "not __fish_seen_subcommand_from $commands" -l version -d 'the version'
complete -c albertqa -l help -s h -d 'show this help'

complete -c albertqa -n "__fish_seen_subcommand_from ask" -a "(__fish_complete_directories)"
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l top -x -d 'how many answers'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l passages -x -d 'passages retrieved and read'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l bm25-weight -x -d 'weight of the passage\'s BM25 score in the ranking'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l in -x -a "(__albertqa_folder_paths)" -d 'only these documents: a path, a folder/ or a glob relative to DIR (\'papers/2020-*.pdf\')'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l after -x -d 'ask as a follow-up of this question: when QUESTION leans on context (it, this, the study, …), the previous answer\'s document and words weigh in'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l retriever -x -a 'auto bm25 dense hybrid' -d 'auto (the default: hybrid once the passages are encoded, which index does; BM25 until then), bm25 (SQLite FTS5\'s BM25 over title, section and text), dense (sentence-encoder cosine), hybrid (BM25 and dense fused); dense and hybrid encode the passages first'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l encoder -x -a "(__fish_complete_directories)" -d 'sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l column-weights -x -d 'BM25 weights of the title, section and text columns (default 2.0,1.0,1.0; 0,0,1 ranks by the text alone)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l fusion-depth -x -d 'hybrid: passages each retriever contributes before fusion'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l vector-window -x -d 'passage vectors: windows of W words every S words (default 96,64; 0: one vector per passage; a change re-encodes)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l fusion-k -x -d 'hybrid: reciprocal-rank fusion constant'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l dense-weight -x -d 'hybrid: weight of the dense list against BM25\'s 1 in the fusion (1 with --fusion rrf)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l fusion -x -a 'rrf convex' -d 'hybrid: rrf (reciprocal ranks) or convex (normalised scores) (default convex)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l bm25-places -x -d 'hybrid: places of the result (from 1) that BM25\'s best passages take before the fusion fills the others (default 2,4,6; none: the fusion alone)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l index -r -F -d 'the index database (default: under $XDG_CACHE_HOME/albertqa/)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l max-file-mb -x -d 'skip files with more text than this, in MB'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l tool-seconds -x -d 'stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l source-code -d 'index program source too (.py, .swift, .c …)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l vimgrep -d 'print path:line:column:answer per answer (editors\' quickfix lists; column in bytes)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l color -x -a 'auto always never' -d 'colour on a terminal (NO_COLOR turns auto off)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l kernels -x -a 'auto avx512 avxvnni avx2 neon reference' -d 'the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)'
complete -c albertqa -n "__fish_seen_subcommand_from ask" -l null-threshold -x -d 'SQuAD 2.0 readers: no answer when the null score exceeds the best span\'s by more than X (default: the model\'s null_score_diff_threshold, else 0)'

complete -c albertqa -n "__fish_seen_subcommand_from index" -a "(__fish_complete_directories)"
complete -c albertqa -n "__fish_seen_subcommand_from index" -l retriever -x -a 'auto bm25 dense hybrid' -d 'auto (the default: hybrid once the passages are encoded, which index does; BM25 until then), bm25 (SQLite FTS5\'s BM25 over title, section and text), dense (sentence-encoder cosine), hybrid (BM25 and dense fused); dense and hybrid encode the passages first'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l encoder -x -a "(__fish_complete_directories)" -d 'sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l vector-window -x -d 'passage vectors: windows of W words every S words (default 96,64; 0: one vector per passage; a change re-encodes)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l index -r -F -d 'the index database (default: under $XDG_CACHE_HOME/albertqa/)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l max-file-mb -x -d 'skip files with more text than this, in MB'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l tool-seconds -x -d 'stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l source-code -d 'index program source too (.py, .swift, .c …)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from index" -l color -x -a 'auto always never' -d 'colour on a terminal (NO_COLOR turns auto off)'

complete -c albertqa -n "__fish_seen_subcommand_from search" -a "(__fish_complete_directories)"
complete -c albertqa -n "__fish_seen_subcommand_from search" -l top -x -d 'how many passages'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l in -x -a "(__albertqa_folder_paths)" -d 'only these documents: a path, a folder/ or a glob relative to DIR (\'papers/2020-*.pdf\')'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l retriever -x -a 'auto bm25 dense hybrid' -d 'auto (the default: hybrid once the passages are encoded, which index does; BM25 until then), bm25 (SQLite FTS5\'s BM25 over title, section and text), dense (sentence-encoder cosine), hybrid (BM25 and dense fused); dense and hybrid encode the passages first'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l encoder -x -a "(__fish_complete_directories)" -d 'sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l column-weights -x -d 'BM25 weights of the title, section and text columns (default 2.0,1.0,1.0; 0,0,1 ranks by the text alone)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l fusion-depth -x -d 'hybrid: passages each retriever contributes before fusion'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l vector-window -x -d 'passage vectors: windows of W words every S words (default 96,64; 0: one vector per passage; a change re-encodes)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l fusion-k -x -d 'hybrid: reciprocal-rank fusion constant'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l dense-weight -x -d 'hybrid: weight of the dense list against BM25\'s 1 in the fusion (1 with --fusion rrf)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l fusion -x -a 'rrf convex' -d 'hybrid: rrf (reciprocal ranks) or convex (normalised scores) (default convex)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l bm25-places -x -d 'hybrid: places of the result (from 1) that BM25\'s best passages take before the fusion fills the others (default 2,4,6; none: the fusion alone)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l index -r -F -d 'the index database (default: under $XDG_CACHE_HOME/albertqa/)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l max-file-mb -x -d 'skip files with more text than this, in MB'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l tool-seconds -x -d 'stop a converter (pdftotext, antiword…) after this long per file (the file is skipped as timeout)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l source-code -d 'index program source too (.py, .swift, .c …)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from search" -l color -x -a 'auto always never' -d 'colour on a terminal (NO_COLOR turns auto off)'

complete -c albertqa -n "__fish_seen_subcommand_from eval" -F
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l open -d 'index every paragraph as documents and answer through retrieval'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l recall -d 'score retrieval alone: recall@k of the passage holding the answer (no reader)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l k -x -d 'with --recall: passages retrieved per question'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l folder -x -a "(__fish_complete_directories)" -d 'with --open/--recall: answer from this folder\'s documents instead of the file\'s paragraphs'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l in -x -a "(__albertqa_folder_paths)" -d 'only these documents: a path, a folder/ or a glob relative to DIR (\'papers/2020-*.pdf\')'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l scope -x -a 'folder document' -d 'with --open/--recall: document asks each question within the document that holds its paragraph (its gold answer); folder, the whole folder'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l read-scope -x -d 'with --open and a scope: read every passage of a scope of at most N passages (0: the retrieved ones)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l follow-up -d 'with --open/--recall: ask each question also after another question of its document (the one before it) and score both ways, context-leaning questions apart'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l follow-up-weights -x -d 'with --follow-up: bonus of the previous answer\'s document and weight of the previous question\'s words (default 0.5,0.5)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l retriever -x -a 'auto bm25 dense hybrid' -d 'auto (the default: hybrid once the passages are encoded, which index does; BM25 until then), bm25 (SQLite FTS5\'s BM25 over title, section and text), dense (sentence-encoder cosine), hybrid (BM25 and dense fused); dense and hybrid encode the passages first'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l encoder -x -a "(__fish_complete_directories)" -d 'sentence-transformers encoder directory for dense retrieval (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l column-weights -x -d 'BM25 weights of the title, section and text columns (default 2.0,1.0,1.0; 0,0,1 ranks by the text alone)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l fusion-depth -x -d 'hybrid: passages each retriever contributes before fusion'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l vector-window -x -d 'passage vectors: windows of W words every S words (default 96,64; 0: one vector per passage; a change re-encodes)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l index -r -F -d 'with --open/--recall: keep the evaluation\'s index here (a rerun reuses its passage vectors)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l fusion-k -x -d 'hybrid: reciprocal-rank fusion constant'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l dense-weight -x -d 'hybrid: weight of the dense list against BM25\'s 1 in the fusion (1 with --fusion rrf)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l fusion -x -a 'rrf convex' -d 'hybrid: rrf (reciprocal ranks) or convex (normalised scores) (default convex)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l bm25-places -x -d 'hybrid: places of the result (from 1) that BM25\'s best passages take before the fusion fills the others (default 2,4,6; none: the fusion alone)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l limit -x -d 'only the first N questions'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l documents -x -a 'even odd all' -d 'only the questions of the file\'s articles (documents) at even or odd positions of its data list, counted from 0; every article is still indexed (tune on even, report on odd) (default all)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l every -x -d 'only every N-th question (all paragraphs still indexed)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l passages -x -d 'passages read per question with --open'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l bm25-weight -x -d 'BM25 weight in the ranking with --open'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l one-passage-at-a-time -d 'with --open: read each passage on all cores instead of one passage per core'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l predictions -r -F -d 'also write {id: prediction} JSON here'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l against -x -a "(__fish_complete_directories)" -d 'with --open: ask the questions of this folder instead of the file\'s paragraphs (as --folder)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l unanswerable -d 'with --open: the folder does not hold the answers (rows are labelled answerable: false)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l candidates -r -F -d 'with --recall: write each question\'s BM25 and dense candidates within its scope (scores, BM25 after feedback, cosines, documents, gold, its article) as JSON lines (Scripts/fit-fusion.py)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l calibration-features -r -F -d 'with --open: write each question\'s top-5 answers, their calibration features and scores as JSON lines (Scripts/fit-calibration.py; "not found" is then the uncalibrated rule)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l kernels -x -a 'auto avx512 avxvnni avx2 neon reference' -d 'the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)'
complete -c albertqa -n "__fish_seen_subcommand_from eval" -l null-threshold -x -d 'SQuAD 2.0 readers: no answer when the null score exceeds the best span\'s by more than X (default: the model\'s null_score_diff_threshold, else 0)'

complete -c albertqa -n "__fish_seen_subcommand_from read" -l question -x -d 'the question (required)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l context-file -r -F -d 'read the context from a UTF-8 text file (- for standard input)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l context -x -d 'the context itself'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l top -x -d 'how many answers'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l precision -x -a 'fp32 bf16 int8 auto' -d 'reader arithmetic (auto: int8 where the kernels run it, else fp32)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l kernels -x -a 'auto avx512 avxvnni avx2 neon reference' -d 'the kernel table (default: $ALBERTQA_KERNELS, else auto: the fastest this CPU runs)'
complete -c albertqa -n "__fish_seen_subcommand_from read" -l null-threshold -x -d 'SQuAD 2.0 readers: no answer when the null score exceeds the best span\'s by more than X (default: the model\'s null_score_diff_threshold, else 0)'

complete -c albertqa -n "__fish_seen_subcommand_from tokenize" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from tokenize" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
complete -c albertqa -n "__fish_seen_subcommand_from tokenize" -l encoder -a "(__fish_complete_directories)" -d 'instead, the sentence encoder\'s WordPiece tokens with their character ranges (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2)'
complete -c albertqa -n "__fish_seen_subcommand_from tokenize" -l bench -d 'instead, time tokenising all of standard input: tokens/s, the median of 5 rounds (Benchmarks/tokenizer_bench.py compares it with the tokenizers library)'

complete -c albertqa -n "__fish_seen_subcommand_from bench" -l seq -x -d 'tokens in the window (at most the model\'s positions)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l runs -x -d 'timed runs after 2 warm-up runs (default 20; 200 searches with --search; 5 batches with --encoder)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l search -x -a "(__fish_complete_directories)" -d 'instead, time BM25 top-20 searches over DIR\'s index (indexes first)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l queries -r -F -d 'with --search: the queries, one per line (default: made from the passages)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l encoder -a "(__fish_complete_directories)" -d 'instead, time the sentence encoder (default: $ALBERTQA_ENCODER, else the shipped Models/all-minilm-l6-v2): passages/s and one query\'s latency'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l passages -x -d 'with --encoder: passages per batch'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l words -x -d 'with --encoder: words per passage (the index\'s passage size)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l texts -r -F -d 'with --encoder: the passages, one per line (default: --passages made-up passages of --words words)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l dense-scan -x -d 'instead, time exact cosine top-20 over N random 384-dimension int8 vectors (and the scalar reference)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l index -r -F -d 'the index database (default: under $XDG_CACHE_HOME/albertqa/)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l passage-words -x -d 'words per passage at most (a change re-indexes)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l overlap -x -d 'sentences repeated between cut passages'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l precision -x -a 'fp32 bf16 int8 auto all' -d 'fp32, bf16, int8, auto, a comma-separated list, or all; ratios are against fp32 when it is listed'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l kernels -x -a 'auto avx512 avxvnni avx2 neon reference all' -d 'auto, avx512, avxvnni, avx2, neon, reference, a comma-separated list, or all this CPU runs (default: $ALBERTQA_KERNELS, else auto)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l rounds -x -d 'split the runs into N rounds that take turns across the kernels and precisions'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l json -d 'print JSON (one object per line)'
complete -c albertqa -n "__fish_seen_subcommand_from bench" -l model -x -a "(__fish_complete_directories)" -d 'Hugging Face extractive-QA model directory: ALBERT, BERT, DistilBERT, RoBERTa, XLM-R or ELECTRA (default: $ALBERTQA_MODEL, else the shipped Models/albert-qa-minilm-squad)'
