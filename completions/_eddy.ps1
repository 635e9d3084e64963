
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
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
