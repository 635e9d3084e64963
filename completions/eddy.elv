# elvish completion for eddy (generated: `eddy --completions elvish`)
# Install: eddy --completions elvish > ~/.config/elvish/lib/eddy.elv, and `use eddy` in
# ~/.config/elvish/rc.elv. The words come from `eddy --complete elvish`, which knows the stages,
# `then`, each stage's options and their values.
use str
set edit:completion:arg-completer[eddy] = {|@words|
    var current = $words[-1]
    var after = $words[1..]
    (external $words[0]) --complete elvish -- $@after | each {|line|
        if (str:has-prefix $line __files__) {
            var prefix = (str:trim-prefix (str:trim-prefix $line __files__) "\t")
            edit:complete-filename (str:trim-prefix $current $prefix) | each {|file|
                edit:complex-candidate $prefix$file[stem] &code-suffix=$file[code-suffix]
            }
        } else {
            var word description = (str:split "\t" $line"\t" | take 2)
            var display = $word
            if (not-eq $description '') {
                set display = $word'  '$description
            }
            edit:complex-candidate $word &display=$display
        }
    }
}
