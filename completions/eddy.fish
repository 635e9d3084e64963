# fish completion for eddy (generated: `eddy --completions fish`)
# Install: eddy --completions fish > ~/.config/fish/completions/eddy.fish
# The words come from `eddy --complete fish`, which knows the stages, `then`, each stage's
# options and their values.
function __eddy_complete
    set -l eddy (commandline -opc)[1]
    for line in ($eddy --complete fish --line (commandline -cp | string collect) 2>/dev/null)
        if string match -q -- '__files__*' $line
            set -l prefix (string replace -r -- '^__files__\t?' '' $line)
            # The word as eddy reads it: quotes and backslashes removed ('my → my).
            set -l token (commandline -ct | string unescape)
            set -l name (string sub -s (math (string length -- "$prefix") + 1) -- "$token")
            for file in (__fish_complete_path "$name")
                echo -- "$prefix$file"
            end
        else
            echo -- $line
        end
    end
end
complete -c eddy -f -a '(__eddy_complete)'
