
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
            cand --from 'Input format (default: from the file extension, else guessed from the first line)'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --delimiter 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab'
            cand --null 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)'
            cand --year 'Syslog: the year of timestamps without one (default: the file''s modification year)'
            cand --raw-field 'With --to raw: the field whose text is written, one per line (default: line)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand --no-header 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
            cand --no-infer 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
            cand --allow-ragged 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand head 'Keep the first N events, then stop reading input'
            cand parse 'Turn a string field into fields: a regex, a `*` pattern, logfmt, json or key=value pairs'
        }
        &'eddy;head'= {
            cand --from 'Input format (default: from the file extension, else guessed from the first line)'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --delimiter 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab'
            cand --null 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)'
            cand --year 'Syslog: the year of timestamps without one (default: the file''s modification year)'
            cand --raw-field 'With --to raw: the field whose text is written, one per line (default: line)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand --no-header 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
            cand --no-infer 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
            cand --allow-ragged 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'eddy;parse'= {
            cand --field 'The string field to parse (default: `line`, else the whole input record)'
            cand --as 'Names of the `*` captures of a simple pattern, comma-separated (`_` skips one)'
            cand --kv-sep 'kv: the separator between a key and its value'
            cand --pair-sep 'kv: the separator between pairs (default: whitespace)'
            cand --from 'Input format (default: from the file extension, else guessed from the first line)'
            cand --to 'Output format'
            cand --errors 'Append every input line that could not be read or evaluated to FILE, byte for byte'
            cand --on-error 'What to do with a bad line: count, report and go on, or stop with status 3'
            cand --threads 'Worker threads for the parallel parts (default: the number of cores)'
            cand --delimiter 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab'
            cand --null 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)'
            cand --year 'Syslog: the year of timestamps without one (default: the file''s modification year)'
            cand --raw-field 'With --to raw: the field whose text is written, one per line (default: line)'
            cand --keep-unmatched 'Pass events that do not match on unchanged instead of dropping them'
            cand --keep-field 'Keep the parsed field besides the fields parsed from it'
            cand --strings 'Keep every parsed value a string (no numbers or booleans)'
            cand --strict 'Exit with status 4 at the end if any input was dropped'
            cand --stats 'Print a JSON object of counters to stderr at exit'
            cand --line-buffered 'Flush the output after every event (default on a terminal)'
            cand --block-buffered 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
            cand -e 'Exit with status 1 when no event was written'
            cand --exit-status 'Exit with status 1 when no event was written'
            cand --no-header 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
            cand --no-infer 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
            cand --allow-ragged 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
