
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
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format (default: from the file extension, else guessed from the first line)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab')
            [CompletionResult]::new('--null', '--null', [CompletionResultType]::ParameterName, 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Syslog: the year of timestamps without one (default: the file''s modification year)')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'With --to raw: the field whose text is written, one per line (default: line)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written')
            [CompletionResult]::new('--no-infer', '--no-infer', [CompletionResultType]::ParameterName, 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)')
            [CompletionResult]::new('--allow-ragged', '--allow-ragged', [CompletionResultType]::ParameterName, 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('head', 'head', [CompletionResultType]::ParameterValue, 'Keep the first N events, then stop reading input')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Turn a string field into fields: a regex, a `*` pattern, logfmt, json or key=value pairs')
            break
        }
        'eddy;head' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format (default: from the file extension, else guessed from the first line)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab')
            [CompletionResult]::new('--null', '--null', [CompletionResultType]::ParameterName, 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Syslog: the year of timestamps without one (default: the file''s modification year)')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'With --to raw: the field whose text is written, one per line (default: line)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written')
            [CompletionResult]::new('--no-infer', '--no-infer', [CompletionResultType]::ParameterName, 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)')
            [CompletionResult]::new('--allow-ragged', '--allow-ragged', [CompletionResultType]::ParameterName, 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'eddy;parse' {
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'The string field to parse (default: `line`, else the whole input record)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Names of the `*` captures of a simple pattern, comma-separated (`_` skips one)')
            [CompletionResult]::new('--kv-sep', '--kv-sep', [CompletionResultType]::ParameterName, 'kv: the separator between a key and its value')
            [CompletionResult]::new('--pair-sep', '--pair-sep', [CompletionResultType]::ParameterName, 'kv: the separator between pairs (default: whitespace)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Input format (default: from the file extension, else guessed from the first line)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Append every input line that could not be read or evaluated to FILE, byte for byte')
            [CompletionResult]::new('--on-error', '--on-error', [CompletionResultType]::ParameterName, 'What to do with a bad line: count, report and go on, or stop with status 3')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads for the parallel parts (default: the number of cores)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'CSV/TSV delimiter, in and out: one ASCII character, `\t` for a tab')
            [CompletionResult]::new('--null', '--null', [CompletionResultType]::ParameterName, 'An unquoted CSV/TSV cell that means null besides the empty one; repeatable (--null NA)')
            [CompletionResult]::new('--year', '--year', [CompletionResultType]::ParameterName, 'Syslog: the year of timestamps without one (default: the file''s modification year)')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'With --to raw: the field whose text is written, one per line (default: line)')
            [CompletionResult]::new('--keep-unmatched', '--keep-unmatched', [CompletionResultType]::ParameterName, 'Pass events that do not match on unchanged instead of dropping them')
            [CompletionResult]::new('--keep-field', '--keep-field', [CompletionResultType]::ParameterName, 'Keep the parsed field besides the fields parsed from it')
            [CompletionResult]::new('--strings', '--strings', [CompletionResultType]::ParameterName, 'Keep every parsed value a string (no numbers or booleans)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit with status 4 at the end if any input was dropped')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print a JSON object of counters to stderr at exit')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush the output after every event (default on a terminal)')
            [CompletionResult]::new('--block-buffered', '--block-buffered', [CompletionResultType]::ParameterName, 'Write the output in large blocks, flushing only when input pauses (default elsewhere)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit with status 1 when no event was written')
            [CompletionResult]::new('--no-header', '--no-header', [CompletionResultType]::ParameterName, 'CSV/TSV without a header row: input fields are named _1, _2, ...; no header is written')
            [CompletionResult]::new('--no-infer', '--no-infer', [CompletionResultType]::ParameterName, 'Keep CSV/TSV cells and logfmt values as strings (no numbers or booleans)')
            [CompletionResult]::new('--allow-ragged', '--allow-ragged', [CompletionResultType]::ParameterName, 'CSV/TSV: pad short rows with null and name extra cells _N instead of rejecting them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
