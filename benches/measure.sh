#!/usr/bin/env bash
# Times `namegraph analyze` (wall, CPU, peak RSS) on corpora of growing size,
# for each --per-document mode at one and two threads, and prints the rows of
# the README's Performance table. The criterion benches (`cargo bench`) give
# the side-by-side ratios; this gives what a user sees on the command line.
#
#     benches/measure.sh [DIR]     # corpora and outputs under DIR (default target/measure)
#
# Needs GNU time (/usr/bin/time) and python3. About 11 minutes on 2 cores;
# the corpora take about 1.2 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/measure}
mkdir -p "$dir"
cargo build --release --quiet
bin=target/release/namegraph

corpus() { # NAME MB [--one-file]
    [ -d "$dir/$1" ] || python3 benches/make_corpus.py "$dir/$1" "${@:2}" >/dev/null
}
corpus c10 10
corpus c30 30
corpus c90 90
corpus c180 180
corpus one500 500 --one-file

mb() { du -sb --apparent-size "$1" | awk '{printf "%.1f", $1 / 1e6}'; }

run() { # LABEL MB MODE THREADS [PATH]
    local out="$dir/out" t
    rm -rf "$out"
    t=$( { /usr/bin/time -f "%e %U %M" "$bin" analyze ${5:+"$5"} -o "$out" -q \
        --per-document "$3" -j"$4" >/dev/null; } 2>&1 | tail -1)
    read -r wall user rss <<<"$t"
    awk -v l="$1" -v mb="$2" -v m="$3" -v j="$4" -v w="$wall" -v u="$user" -v r="$rss" \
        'BEGIN { printf "| %s | %s | `%s` | %s | %.2f s | %.2f s | %.1f MB/s | %.1f MB |\n",
                 l, mb, m, j, w, u, mb / w, r / 1000 }'
}

echo "| corpus | MB | mode | -j | wall | CPU | MB/s (wall) | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for mode in all none; do
    for j in 1 2; do
        run "founding (embedded)" 1.5 "$mode" "$j"
    done
done
for c in c10 c30 c90 c180 one500; do
    for mode in all none; do
        for j in 1 2; do
            run "$c" "$(mb "$dir/$c")" "$mode" "$j" "$dir/$c"
        done
    done
done
