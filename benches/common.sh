# Shared by benches/compare.sh and benches/table.sh (sourced, not run): finds gen_events.py,
# makes the data, builds eddy. The caller sets ROOT (the repository) and NAME (for messages).

note() { echo "$NAME: $*" >&2; }

# GEN: gen_events.py from the environment, else ../shared/bench beside the repository.
find_gen() {
    GEN=${GEN:-}
    if [ -z "$GEN" ]; then
        for candidate in "$ROOT/../shared/bench/gen_events.py" "$ROOT/../../shared/bench/gen_events.py" \
            /work/shared/bench/gen_events.py; do
            if [ -f "$candidate" ]; then
                GEN=$candidate
                break
            fi
        done
    fi
    if [ -z "$GEN" ] || [ ! -f "$GEN" ]; then
        note "gen_events.py not found; set GEN=path/to/gen_events.py"
        exit 2
    fi
}

# make_data DIR N SEED: DIR/events.ndjson and DIR/events.csv, made again only when N or SEED
# changed (DIR/events.stamp). Files made by hand (no stamp, e.g. /tmp/events.ndjson) are used as
# they are when they hold N lines, never overwritten.
make_data() {
    local dir=$1 n=$2 seed=$3
    mkdir -p "$dir"
    if [ ! -e "$dir/events.stamp" ] && [ -s "$dir/events.ndjson" ] && [ -s "$dir/events.csv" ]; then
        if [ "$(wc -l <"$dir/events.ndjson")" -eq "$n" ]; then
            note "using $dir/events.ndjson and events.csv as they are ($n lines; no stamp, seed not checked)"
            return
        fi
        note "$dir/events.ndjson has not $n lines and was not made by this script: not overwritten; set DIR or N"
        exit 2
    fi
    if [ ! -s "$dir/events.ndjson" ] || [ ! -s "$dir/events.csv" ] ||
        [ "$(cat "$dir/events.stamp" 2>/dev/null)" != "$n $seed" ]; then
        find_gen
        note "generating $n events (seed $seed) in $dir"
        python3 "$GEN" "$n" "$seed" "$dir/events.ndjson" --csv "$dir/events.csv"
        echo "$n $seed" >"$dir/events.stamp"
    fi
}

# can_static: true on x86_64 Linux, where the README's install section builds a static binary.
can_static() {
    [ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ]
}

# build_eddy static|dynamic: builds the release binary and prints its path.
build_eddy() {
    if [ "$1" = static ]; then
        note "building eddy (release, static)"
        (cd "$ROOT" && RUSTFLAGS="-C target-feature=+crt-static" \
            cargo build --release --quiet --target x86_64-unknown-linux-gnu) >&2 || return 1
        echo "$ROOT/target/x86_64-unknown-linux-gnu/release/eddy"
    else
        note "building eddy (release)"
        (cd "$ROOT" && cargo build --release --quiet) >&2 || return 1
        echo "$ROOT/target/release/eddy"
    fi
}
