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
complete -c eddy -n "__fish_eddy_needs_command" -f -a "filter" -d 'Keep events for which EXPR is true (null and false drop the event)'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "map" -d 'Add, change or remove fields with assignments'
complete -c eddy -n "__fish_eddy_needs_command" -f -a "head" -d 'Keep the first N events, then stop reading input'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand filter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l from -d 'Input format' -r -f -a "ndjson\t'One JSON value per line (non-objects become `{"value": ...}`)'
lines\t'Each line becomes `{"line": "..."}`'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l to -d 'Output format' -r -f -a "ndjson\t'One compact JSON object per line'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l errors -d 'Append every input line that could not be read or evaluated to FILE, byte for byte' -r -F
complete -c eddy -n "__fish_eddy_using_subcommand map" -l on-error -d 'What to do with a bad line: count, report and go on, or stop with status 3' -r -f -a "skip\t'Count, report and go on'
fail\t'Stop at the first bad line with exit status 3'"
complete -c eddy -n "__fish_eddy_using_subcommand map" -l threads -d 'Worker threads for the parallel parts (default: the number of cores)' -r
complete -c eddy -n "__fish_eddy_using_subcommand map" -l strict -d 'Exit with status 4 at the end if any input was dropped'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l stats -d 'Print a JSON object of counters to stderr at exit'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l line-buffered -d 'Flush the output after every event (default on a terminal)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -l block-buffered -d 'Write the output in large blocks, flushing only when input pauses (default elsewhere)'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s e -l exit-status -d 'Exit with status 1 when no event was written'
complete -c eddy -n "__fish_eddy_using_subcommand map" -s h -l help -d 'Print help (see more with \'--help\')'
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
