# bash completion for eddy (generated: `eddy --completions bash`)
# Install: eddy --completions bash > ~/.local/share/bash-completion/completions/eddy
# or source this file from ~/.bashrc. The words come from `eddy --complete bash`, which knows
# the stages, `then`, each stage's options and their values.
_eddy() {
    local cur=${COMP_WORDS[COMP_CWORD]} line=${COMP_LINE:0:COMP_POINT} word files= prefix
    # bash splits words at `=` and `:` too (COMP_WORDBREAKS) and replaces only what follows,
    # so the words eddy prints lose the part of the word before (`--to=`, `file:`).
    [[ $cur =~ ^[=:]+$ ]] && cur=
    local before=${line%"$cur"}
    before=${before##*[[:space:]]}
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
        local name=$before$cur
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
complete -F _eddy eddy
