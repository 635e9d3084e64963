
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
            cand head 'Keep the first N events, then stop reading input'
            cand select 'Keep only the named fields, in the order given'
            cand drop 'Remove the named fields'
            cand rename 'Rename fields, keeping their position'
            cand tail 'Keep the last N events'
            cand dedupe 'Drop repeated events, with bounded memory'
            cand sample 'Keep a deterministic random fraction of events'
            cand sort 'Sort events by fields (holds all input in memory)'
            cand unnest 'One event per element of an array field'
            cand tee 'Copy the stream so far to a file and pass it on'
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
        &'eddy;select'= {
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
        &'eddy;drop'= {
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
        &'eddy;rename'= {
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
        &'eddy;tail'= {
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
        &'eddy;dedupe'= {
            cand --by 'Comma-separated field paths forming the key (default: the whole event)'
            cand --within 'Drop repeats less than DUR after the first occurrence of their key (e.g. 5m)'
            cand --last 'Remember the N most recently seen keys [default: 1000000]'
            cand --time-field 'Measure --within in event time: the timestamp at this field path'
            cand --time-format 'How --time-field is written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strptime:FMT'
            cand --tz 'Time zone of --time-field values without an offset [default: UTC]'
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
        &'eddy;sample'= {
            cand --rate 'The fraction of events to keep, greater than 0 and at most 1'
            cand --seed 'Seed of the pseudo-random sequence'
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
        &'eddy;sort'= {
            cand --by 'Comma-separated field paths to sort by'
            cand --limit 'Keep only the first N events of the order, in memory for N events'
            cand --from 'Input format'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --reverse 'Descending order (equal keys still keep their input order)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'eddy;unnest'= {
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
        &'eddy;tee'= {
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
