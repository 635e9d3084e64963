# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_eddy_global_optspecs
    string join \n from= to= errors= strict on-error= stats line-buffered block-buffered e/exit-status threads= delimiter= no-header no-infer null= allow-ragged year= raw-field= out-delimiter= h/help V/version
end

function __fish_eddy_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_eddy_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_eddy_using_subcommand
    set -l cmd (__fish_eddy_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c eddy -n "__fish_eddy_needs_command" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_needs_command" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_needs_command" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_needs_command" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_needs_command" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_needs_command" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_needs_command" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_needs_command" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_needs_command" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_needs_command" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_needs_command" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_needs_command" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_needs_command" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_needs_command" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_needs_command" -s V -l version -d 'Print version'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "filter" -d 'Keep events for which EXPR is true (null and false drop the event)'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "map" -d 'Add, change or remove fields with assignments'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "head" -d 'Keep the first N events, then stop reading input'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "parse" -d 'Turn a string field into fields: a regex, a `*` pattern, logfmt, json or key=value pairs'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "select" -d 'Keep only the named fields, in the order given'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "drop" -d 'Remove the named fields'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "rename" -d 'Rename fields, keeping their position'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "tail" -d 'Keep the last N events'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "dedupe" -d 'Drop repeated events, with bounded memory'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "sample" -d 'Keep a deterministic random fraction of events'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "sort" -d 'Sort events by fields (holds all input in memory)'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "unnest" -d 'One event per element of an array field'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "tee" -d 'Copy the stream so far to a file and pass it on'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand map" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand head" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l field -d 'The string field to parse (default: `line`, else the whole input record)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l as -d 'Names of the `*` captures of a simple pattern, comma-separated (`_` skips one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l kv-sep -d 'kv: the separator between a key and its value' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l pair-sep -d 'kv: the separator between pairs (default: whitespace)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l keep-unmatched -d 'Pass events that do not match on unchanged instead of dropping them'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l keep-field -d 'Keep the parsed field besides the fields parsed from it'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l strings -d 'Keep every parsed value a string (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand select" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand select" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l by -d 'Comma-separated field paths forming the key (default: the whole event)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l within -d 'Drop repeats less than DUR after the first occurrence of their key (e.g. 5m)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l last -d 'Remember the N most recently seen keys [default: 1000000]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l time-field -d 'Measure --within in event time: the timestamp at this field path' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l time-format -d 'How --time-field is written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l tz -d 'Time zone of --time-field values without an offset [default: UTC]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l rate -d 'The fraction of events to keep, greater than 0 and at most 1' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l seed -d 'Seed of the pseudo-random sequence' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l by -d 'Comma-separated field paths to sort by' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l limit -d 'Keep only the first N events of the order, in memory for N events' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l reverse -d 'Descending order (equal keys still keep their input order)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l from -d 'Input format (default: from the file extension, else guessed from the first line)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal'
raw\t'The text of one string field per line (--raw-field, default `line`)'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l year -d 'Syslog: the year of timestamps without one (default: the file\'s modification year)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -s h -l help -d 'Print help (see more with \'--help\')'
