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
