//! The completion scripts, as `eddy --completions SHELL` prints them and `completions/` holds
//! them. Each hands the command line to `eddy --complete SHELL` and shows what it prints; a
//! `__files__` line hands over to the shell's own file name completion.

use crate::cli::Shell;

/// bash: `complete -F`, reading the line up to the cursor (quotes and all) from `COMP_LINE`,
/// and the current word up to the cursor from `COMP_WORDS` and `COMP_POINT`.
const BASH: &str = r#"# bash completion for eddy (generated: `eddy --completions bash`)
# Install: eddy --completions bash > ~/.local/share/bash-completion/completions/eddy
# or source this file from ~/.bashrc. The words come from `eddy --complete bash`, which knows
# the stages, `then`, each stage's options and their values.
_eddy() {
    local line=${COMP_LINE:0:COMP_POINT} rest=$COMP_LINE point=$COMP_POINT i cur
    # The current word up to the cursor (as bash-completion's _get_comp_words_by_ref finds
    # it): COMP_WORDS holds whole words, and the cursor may stand inside one.
    for ((i = 0; i <= COMP_CWORD; i++)); do
        while [[ -n $rest && ${rest:0:${#COMP_WORDS[i]}} != "${COMP_WORDS[i]}" ]]; do
            rest=${rest:1} point=$((point - 1))
        done
        if ((i < COMP_CWORD)); then
            rest=${rest:${#COMP_WORDS[i]}} point=$((point - ${#COMP_WORDS[i]}))
        fi
    done
    ((point < 0)) && point=0
    cur=${rest:0:point}
    [[ $cur == *[![:space:]]* ]] || cur=
    # bash splits words at `=` and `:` too (COMP_WORDBREAKS) and replaces only what follows,
    # so the words eddy prints lose the part of the word before (`--to=`, `file:`).
    [[ $cur =~ ^[=:]+$ ]] && cur=
    local before=${line%"$cur"} word files= prefix REPLY _eddy_open
    before=${before##*[[:space:]]}
    # After a quote left open, readline replaces only what follows it ('file:my).
    word=$before$cur
    _eddy_unquote "$word"
    local name=$REPLY
    if [[ -n $_eddy_open ]] && ((_eddy_open > ${#before})); then
        before=${word:0:_eddy_open}
    fi
    _eddy_unquote "$before"
    before=$REPLY
    COMPREPLY=()
    while IFS= read -r word; do
        if [[ $word == __files__* ]]; then
            files=1
            prefix=${word#__files__}
            prefix=${prefix#$'\t'}
        elif [[ -n $word ]]; then
            COMPREPLY+=("${word#"$before"}")
        fi
    done < <("${COMP_WORDS[0]}" --complete bash --line "$line" 2>/dev/null)
    if [[ -n $files ]]; then
        # File names after the prefix eddy names (`--errors=`, `file:`), by bash's own rules.
        compopt -o filenames 2>/dev/null
        while IFS= read -r word; do
            word=$prefix$word
            COMPREPLY+=("${word#"$before"}")
        done < <(compgen -f -- "${name#"$prefix"}")
    fi
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=:] ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
# $1 as the shell reads it (quotes and backslashes removed) in REPLY; in _eddy_open the index
# after a quote left open, else nothing.
_eddy_unquote() {
    local text=$1 quote= c i
    REPLY= _eddy_open=
    for ((i = 0; i < ${#text}; i++)); do
        c=${text:i:1}
        if [[ $quote == "'" && $c != "'" ]]; then
            REPLY+=$c
        elif [[ $c == [\'\"] && ( -z $quote || $quote == "$c" ) ]]; then
            [[ -z $quote ]] && quote=$c _eddy_open=$((i + 1)) || quote=
        elif [[ $c == \\ ]]; then
            i=$((i + 1))
            REPLY+=${text:i:1}
        else
            REPLY+=$c
        fi
    done
    [[ -n $quote ]] || _eddy_open=
}
complete -F _eddy eddy
"#;

/// zsh: a `#compdef` function; the words before the cursor from `$words`, the current one from
/// `$PREFIX`.
const ZSH: &str = r#"#compdef eddy
# zsh completion for eddy (generated: `eddy --completions zsh`)
# Install: eddy --completions zsh > ~/.zfunc/_eddy, with `fpath=(~/.zfunc $fpath)` before
# `compinit` in ~/.zshrc. The words come from `eddy --complete zsh`, which knows the stages,
# `then`, each stage's options and their values.
_eddy() {
    local line files= prefix
    local -a words_ descs_ glued_ gluedescs_
    while IFS= read -r line; do
        if [[ $line == __files__* ]]; then
            files=1
            prefix=${line#__files__}
            prefix=${prefix#$'\t'}
        elif [[ -n $line ]]; then
            local word=${line%%$'\t'*} desc=${line#*$'\t'}
            [[ $line == *$'\t'* ]] && desc="$word  -- $desc" || desc=$word
            if [[ $word == *[=:] ]]; then
                glued_+=("$word") gluedescs_+=("$desc")
            else
                words_+=("$word") descs_+=("$desc")
            fi
        fi
    done < <("${words[1]}" --complete zsh -- "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)
    local ret=1
    (( $#words_ )) && compadd -l -d descs_ -a words_ && ret=0
    (( $#glued_ )) && compadd -l -S '' -d gluedescs_ -a glued_ && ret=0
    if [[ -n $files ]]; then
        [[ -n $prefix ]] && compset -P "${(b)prefix}"
        _files && ret=0
    fi
    return ret
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _eddy "$@"
else
    compdef _eddy eddy
fi
"#;

/// fish: a function that the `complete` line calls for every word.
const FISH: &str = r#"# fish completion for eddy (generated: `eddy --completions fish`)
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
"#;

/// elvish: an argument completer; file names from `edit:complete-filename`.
const ELVISH: &str = r#"# elvish completion for eddy (generated: `eddy --completions elvish`)
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
"#;

/// The completion script for `shell`.
pub fn script(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
        Shell::Elvish => ELVISH,
    }
}
