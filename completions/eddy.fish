# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_eddy_global_optspecs
    string join \n from= to= errors= strict on-error= stats line-buffered block-buffered e/exit-status threads= h/help V/version
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

complete -c eddy -n "__fish_eddy_needs_command" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_needs_command" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_needs_command" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_needs_command" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_needs_command" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_needs_command" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_needs_command" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_needs_command" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_needs_command" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_needs_command" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_needs_command" -s V -l version -d 'Print version'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "head" -d 'Keep the first N events, then stop reading input'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "window" -d 'Windowed aggregation: tumbling, hopping, cumulate, session, count, rolling and global windows'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "count" -d 'Count events, per group (the same as `window global --agg count`)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand head" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand head" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand head" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand head" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and not __fish_seen_subcommand_from tumbling hopping cumulate session count rolling global merge sliding" -s e -l exit-status -d 'Exit with status 1 when no event was written'
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from tumbling" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l size -d 'Window size' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l slide -d 'Distance between window starts' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l offset -d 'Shift the alignment by DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l origin -d 'Align windows to this instant instead of the epoch' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from hopping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l size -d 'The enclosing window\'s size (a multiple of --step)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l step -d 'How much each window grows' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l offset -d 'Shift the alignment by DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from cumulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l gap -d 'Inactivity gap that closes a session' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from session" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l size -d 'Records per window' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l slide -d 'Emit every N records over the last --size records' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l drop-partial -d 'Do not emit the trailing incomplete window at end of input'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from count" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l rows -d 'The frame is the last N records of the key (the current one included)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l range -d 'The frame is the key\'s records with t - DUR <= t_i <= t' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l min-rows -d 'Suppress rows whose frame has fewer than N records' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from rolling" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l time-field -d 'Field holding the event time (a path); without it, processing time' -r
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
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l agg -d '[NAME=]FUNC[:FIELD][:PARAM]; count, count:F, sum, min, max, mean (avg), var, stddev, first, last, distinct, approx_distinct, median, pNN, percentile:F:q, approx_pNN, collect:F[:max], rate' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l emit -d 'final, updates (early records after every change) or periodic:DUR' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l output -d 'records, or partial (mergeable states for `window merge`)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l partial-format -d 'json, or tsv (prefix each partial line with a sort key and a tab, for Hadoop/Spark)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l max-groups -d 'Limit of live (window, key) groups' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l on-overflow -d 'At --max-groups: fail (exit 3) or emit-early (emit the least recently updated group as "evicted")' -r -f -a "fail\t'Exit 3'
emit-early\t'Emit the least recently updated group as "evicted"'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l fill-empty -d 'Emit zero-count windows between a key\'s first and last non-empty window (tumbling, hopping)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from global" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l output -d 'records (final values), or partial (merged states: a combiner)' -r -f -a "records\t'Aggregate values'
partial\t'Mergeable partial states'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l partial-format -d 'json, or tsv (input and output lines are KEY<TAB>JSON)' -r -f -a "json\t'One JSON object per line'
tsv\t'`KEY<TAB>JSON`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand window; and __fish_seen_subcommand_from sliding" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l by -d 'Group by these fields (paths, comma-separated)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand count" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand count" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand count" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand count" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand count" -s h -l help -d 'Print help (see more with \'--help\')'
