# bash completion for eddy (generated: `eddy --completions bash`)
# Install: eddy --completions bash > ~/.local/share/bash-completion/completions/eddy
# or source this file from ~/.bashrc. The words come from `eddy --complete bash`, which knows
# the stages, `then`, each stage's options and their values.
_eddy() {
    local cur=${COMP_WORDS[COMP_CWORD]} line files=
    COMPREPLY=()
    while IFS= read -r line; do
        if [[ $line == __files__ ]]; then
            files=1
        elif [[ -n $line ]]; then
            COMPREPLY+=("$line")
        fi
    done < <(COMP_WORDBREAKS=$COMP_WORDBREAKS "${COMP_WORDS[0]}" --complete bash \
        --line "${COMP_LINE:0:COMP_POINT}" 2>/dev/null)
    if [[ -n $files ]]; then
        # The name after `--errors=` or `file:` (bash splits the word there).
        [[ $cur =~ ^[=:]+$ ]] && cur=
        compopt -o filenames 2>/dev/null
        while IFS= read -r line; do
            COMPREPLY+=("$line")
        done < <(compgen -f -- "$cur")
    fi
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=:] ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _eddy eddy
