# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_eddy_global_optspecs
    string join \n from= to= errors= strict on-error= stats stats-interval= progress no-progress line-buffered block-buffered e/exit-status threads= max-record-size= multiline-start= multiline-max-lines= multiline-max-bytes= multiline-timeout= with-filename= delimiter= no-header no-infer null= allow-ragged year= raw-field= out-delimiter= sort= top= chart-y= state= F/follow follow-from= state-reset final h/help V/version
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

complete -c eddy -n "__fish_eddy_needs_command" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_needs_command" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_needs_command" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_needs_command" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_needs_command" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_needs_command" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_needs_command" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_needs_command" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_needs_command" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_needs_command" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_needs_command" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_needs_command" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_needs_command" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_needs_command" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_needs_command" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_needs_command" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_needs_command" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_needs_command" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_needs_command" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_needs_command" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_needs_command" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_needs_command" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_needs_command" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_needs_command" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_needs_command" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_needs_command" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_needs_command" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
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
complete -c eddy -n "__fish_eddy_needs_command" -f -a "window" -d 'Windowed aggregation: tumbling, hopping, cumulate, session, count, rolling and global windows'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "count" -d 'Count events, per group (the same as `window global --agg count`)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand map" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand map" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand head" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand head" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l field -d 'The string field to parse (default: `line`, else the whole input record)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l as -d 'Names of the `*` captures of a simple pattern, comma-separated (`_` skips one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l kv-sep -d 'kv: the separator between a key and its value' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l pair-sep -d 'kv: the separator between pairs (default: whitespace)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l keep-unmatched -d 'Pass events that do not match on unchanged instead of dropping them'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l keep-field -d 'Keep the parsed field besides the fields parsed from it'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l strings -d 'Keep every parsed value a string (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand parse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand select" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand select" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand select" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand select" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand select" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand select" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand select" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l by -d 'Comma-separated keys forming the key: field paths, or expressions (`lower(user)`: a key with one of `()+*/%<>=!?:&|"` is one) (default: the whole event)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l within -d 'Drop repeats less than DUR after the first occurrence of their key (e.g. 5m)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l last -d 'Remember the N most recently seen keys [default: 1000000]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l time-field -d 'Measure --within in event time: the timestamp at this field path' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l time-format -d 'How --time-field is written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l tz -d 'Time zone of --time-field values without an offset [default: UTC]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand dedupe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l rate -d 'The fraction of events to keep, greater than 0 and at most 1' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l seed -d 'Seed of the pseudo-random sequence' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand sample" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l by -d 'Comma-separated field paths to sort by' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l limit -d 'Keep only the first N events of the order, in memory for N events' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l reverse -d 'Descending order (equal keys still keep their input order)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand sort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand unnest" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
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
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand tee" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "tumbling" -d 'Fixed, non-overlapping windows of --size'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "hopping" -d 'Overlapping fixed windows of --size starting every --slide'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "cumulate" -d 'Windows growing by --step within a fixed window of --size (day-so-far totals)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "session" -d 'Activity sessions per key, closed after --gap of inactivity'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "count" -d 'Windows of every --size records per key (arrival order, no time)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "rolling" -d 'A trailing frame per record: the last --rows N records, or --range DUR of event time'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "global" -d 'One window per key for the whole input (emitted at end of input)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "merge" -d 'Merge partial states written with --output partial (the reducer)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -f -a "sliding" -d '(not a kind: use `hopping` or `rolling`)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l size -d 'Window size (ns us ms s m h d w; mo and y with --tz)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l offset -d 'Shift the alignment by DUR (any sign; e.g. -8h for Shanghai midnight)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l origin -d 'Align windows to this instant instead of the epoch' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l size -d 'Window size' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l slide -d 'Distance between window starts' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l offset -d 'Shift the alignment by DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l origin -d 'Align windows to this instant instead of the epoch' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l size -d 'The enclosing window\'s size (a multiple of --step)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l step -d 'How much each window grows' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l offset -d 'Shift the alignment by DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l gap -d 'Inactivity gap that closes a session' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l size -d 'Records per window' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l slide -d 'Emit every N records over the last --size records' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l drop-partial -d 'Do not emit the trailing incomplete window at end of input'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l rows -d 'The frame is the last N records of the key (the current one included)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l range -d 'The frame is the key\'s records with t - DUR <= t_i <= t' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l min-rows -d 'Suppress rows whose frame has fewer than N records' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l time-field -d 'Field holding the event time (a path); time windows need it or --time processing' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l time -d 'event (from --time-field) or processing (the wall clock when the line was read)' -r -f -a "event\t'Event time from --time-field'
processing\t'The wall clock when the line was read'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l time-format -d 'auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns or strptime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l tz -d 'IANA time zone: timestamps without offset are read in it, and d/w/mo/y sizes become calendar units' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l out-time-format -d 'How window bounds are written: auto (like the input), rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strftime:FMT' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l out-tz -d 'Write RFC 3339 window bounds with this zone\'s offset instead of Z' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-delay -d 'Tolerated out-of-orderness: windows close this much after the latest time seen (inf: at end of input)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l allowed-lateness -d 'After a window fired, records within this much still update it (emitted as "late")' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l late -d 'Late records: drop (counted, summarised), file:PATH (original lines), fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l idle-timeout -d 'When no record arrived for DUR of wall time, let event time follow the wall clock (live tails)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-jump -d 'Warn when a record moves the latest time forward by more than DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-future -d 'Treat records more than DUR ahead of the wall clock as bad timestamps' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l on-bad-time -d 'Bad or missing timestamps: skip (counted, reported), file:PATH, fail (exit 3)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate (repeatable; default: count). Null and missing values are left out; the values a numeric aggregate skipped as not numbers (text such as NA) are reported on stderr' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-fill -d 'Most empty windows --fill-empty writes in the run (default 1000000); past it, gaps are not filled (a warning; --strict: exit 4)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l output -d 'records (final values), or partial (merged states: a combiner)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l partial-format -d 'json, or tsv (input and output lines are `KEY<TAB>JSON`)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l by -d 'Group by these keys (comma-separated): field paths, or expressions (`lower(host)`, `source()`, `status >= 500`: a key with one of `()+*/%<>=!?:&|"` is one), each named by its path, its text, or NAME=KEY; repeatable' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l from -d 'Input format (default: from the file extension, else guessed from the first lines)' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
csv\t'Comma-separated values with a header row'
tsv\t'Tab-separated values with a header row'
logfmt\t'key=value pairs, one event per line'
lines\t'Each line becomes `{"line": "..."}`'
clf\t'Web-server access log, Common Log Format'
combined\t'Web-server access log, Combined format (CLF + referer + user agent)'
syslog\t'Syslog lines (RFC 3164 or RFC 5424)'
zeek\t'Zeek TSV logs with #fields/#types headers'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'
csv\t'Comma-separated values, header from the first event'
tsv\t'Tab-separated values, header from the first event'
logfmt\t'key=value pairs, one event per line'
table\t'Aligned columns for reading on a terminal (drawn live there over a window or count)'
raw\t'The text of one string field per line (--raw-field, default `line`)'
chart\t'A time window\'s series as braille line charts, one per key (drawn live on a terminal)'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand count" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l stats-interval -d 'Also print the --stats object as one JSON line on stderr every DUR while the run goes on (`10s`, `500ms`), also while input is quiet; the one at exit only with --stats' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l threads -d 'Threads decoding (and filtering) input in parallel, order kept, when --from or the file extensions name the formats; not syslog or zeek (default: the cores, up to 8, for input files of 4 MiB or more; else 1)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l max-record-size -d 'The longest input record, in bytes (`64MiB`, `1GiB`, `512KiB`, `1000`): a longer one is dropped as too long (reported, counted as `too_long`, its first SIZE bytes written to --errors) without being held whole (default: 64MiB)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l multiline-start -d 'Multi-line records (stack traces): a line matching REGEX starts a record, the lines after it up to the next such line join it. For `lines` the record is the `line` field (lines joined by \\n); for logfmt, clf, combined and syslog the first line is decoded and the others are appended to its `message` (logfmt: `msg`) after a \\n. Not for NDJSON, CSV, TSV or Zeek input; read by one thread' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l multiline-max-lines -d 'With --multiline-start: the most lines of one record; the line past them starts a new record (the cut is reported and counted as `records_cut`) [default: 500]' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l multiline-max-bytes -d 'With --multiline-start: the most bytes of one record (`1MiB`, `64KiB`, `4096`); a line that would pass them starts a new record (reported, counted) [default: 1MiB]' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l multiline-timeout -d 'With --multiline-start: on a live source (a pipe), a record still open when no input came for DUR ends then, instead of waiting for the next start line [default: 1s]' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l with-filename -d 'Add the name of the file each event was read from (as given; `<stdin>` for stdin) as the top-level field FIELD, `_file` unless given (`--with-filename=path`), as `map \'FIELD = source()\'` would; records a stage makes (window rows) have none. The reader then does none of the stages\' work on its threads' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l delimiter -d 'CSV/TSV input delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l null -d 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l year -d 'Syslog: the year of timestamps without one (default: the latest year that puts the timestamp not after the file\'s modification time, or now on stdin)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l raw-field -d 'With --to raw: the field whose text is written, one per line (default: line)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l out-delimiter -d 'CSV/TSV output delimiter: one ASCII character, `\\t` for a tab' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l sort -d 'With --to table, live on a terminal: show the rows with the largest FIELD first (default: the latest rows). A pipe gets the whole table as it streams: sort it with the `sort` stage' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l top -d 'With --to table, live on a terminal: show at most N rows (default: what fits the screen)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l chart-y -d 'With --to chart: the aggregate drawn (default: the window\'s first numeric one)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l state -d 'Resume where the last run with FILE stopped and save, at the end, where each input file was read to and what every stage holds (open windows, dedupe memory), for runs from cron: the runs\' outputs together are one run\'s over the whole input (README, "cron")' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand count" -l follow-from -d 'With --follow: where to start a file no --state knows: its start (everything it holds) or its end (only what is written from now on)' -r -f -a "start\t'From its start: everything it holds, then what is written to it'
end\t'From its end: only what is written to it from now on'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l stats -d 'Print a JSON object of counters and timings (the queue model: rates, utilisation, queue length, delay) to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l progress -d 'Show a progress bar on stderr (bytes, events/s, time left) whenever stderr is a terminal, from the start (default: when stderr is a terminal and stdout is not, once the run has lasted a second)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l no-progress -d 'Never show the progress bar'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l no-header -d 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l no-infer -d 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l allow-ragged -d 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them'
complete -c eddy -n "__fish_eddy_using_subcommand count" -s F -l follow -d 'Follow the named files as they grow, like `tail -F`: rotation (rename and create, copytruncate) loses and repeats no line; windows with --idle-timeout close while the files are quiet. Runs until interrupted (SIGINT, SIGTERM)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l state-reset -d 'With --state: ignore what FILE holds and start over (every input from its start)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l final -d 'With --state: this run ends the stream: open windows close and `sort`, `tail` and `count` write, as without --state; only where the files were read to is saved'
complete -c eddy -n "__fish_eddy_using_subcommand count" -s h -l help -d 'Print help (see more with \'--help\')'
