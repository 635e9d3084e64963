# bash completion for eddy (generated: `eddy --completions bash`)
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
    local before=${line%"$cur"} word files= prefix
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
