
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'eddy' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'eddy'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'eddy' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('filter', 'filter', [CompletionResultType]::ParameterValue, 'Keep events for which EXPR is true (null and false drop the event)')
            [CompletionResult]::new('map', 'map', [CompletionResultType]::ParameterValue, 'Add, change or remove fields with assignments')
            [CompletionResult]::new('head', 'head', [CompletionResultType]::ParameterValue, 'Keep the first N events, then stop reading input')
            [CompletionResult]::new('select', 'select', [CompletionResultType]::ParameterValue, 'Keep only the named fields, in the order given')
            [CompletionResult]::new('drop', 'drop', [CompletionResultType]::ParameterValue, 'Remove the named fields')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename fields, keeping their position')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Keep the last N events')
            [CompletionResult]::new('dedupe', 'dedupe', [CompletionResultType]::ParameterValue, 'Drop repeated events, with bounded memory')
            [CompletionResult]::new('sample', 'sample', [CompletionResultType]::ParameterValue, 'Keep a deterministic random fraction of events')
            [CompletionResult]::new('sort', 'sort', [CompletionResultType]::ParameterValue, 'Sort events by fields (holds all input in memory)')
            [CompletionResult]::new('unnest', 'unnest', [CompletionResultType]::ParameterValue, 'One event per element of an array field')
            [CompletionResult]::new('tee', 'tee', [CompletionResultType]::ParameterValue, 'Copy the stream so far to a file and pass it on')
            break
        }
        'eddy;filter' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;map' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;head' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;select' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;drop' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;rename' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;tail' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;dedupe' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Comma-separated field paths forming the key (default: the whole event)')
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Drop repeats less than DUR after the first occurrence of their key (e.g. 5m)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Remember the N most recently seen keys [default: 1000000]')
            [CompletionResult]::new('--time-field', '--time-field', [CompletionResultType]::ParameterName, 'Measure --within in event time: the timestamp at this field path')
            [CompletionResult]::new('--time-format', '--time-format', [CompletionResultType]::ParameterName, 'How --time-field is written: auto, rfc3339, epoch_s, epoch_ms, epoch_us, epoch_ns, strptime:FMT')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Time zone of --time-field values without an offset [default: UTC]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;sample' {
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'The fraction of events to keep, greater than 0 and at most 1')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the pseudo-random sequence')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;sort' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Comma-separated field paths to sort by')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Keep only the first N events of the order, in memory for N events')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Descending order (equal keys still keep their input order)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;unnest' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;tee' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
