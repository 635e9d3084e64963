
use builtin;
use str;

set edit:completion:arg-completer[eddy] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'eddy'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'eddy'= {
            cand --from 'Input format'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand filter 'Keep events for which EXPR is true (null and false drop the event)'
            cand map 'Add, change or remove fields with assignments'
            cand head 'Keep the first N events, then stop reading input'
        }
        &'eddy;filter'= {
            cand --from 'Input format'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'eddy;map'= {
            cand --from 'Input format'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'eddy;head'= {
            cand --from 'Input format'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
