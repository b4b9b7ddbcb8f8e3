#!/usr/bin/env bash
# The "stop-17 loop" of docs/BENCHMARKS.md: rapport's three kinds of build
# and Hugo's two, interleaved round by round on corpora already generated.
#
# usage: BIN=path/to/rapport benches/modes_bench.sh [--posts "1000 10000"] [--rounds N] [--dir DIR]
#
# DIR (default /dev/shm/bench) must hold rN (gen_corpus.py --flavor plain, with
# a rapport.toml: see build_bench.sh) and hN (--flavor hugo) for each N.
# Modes, rotated each round so that none always runs first:
#   cold     no output, no spare output, no analysis cache (a first build, as in CI)
#   warm     no output, no spare output, the analysis cache kept
#   rebuild  everything kept (a second build on a laptop)
#   hugo     Hugo with no public/ and no resources/
#   hugo-re  Hugo with both kept
# Link cards stay cached in every rapport run. Each timed run is wrapped in
# /usr/bin/time; prints one line a run: mode, posts, wall s, peak KB, user+sys s.
set -euo pipefail

POSTS="1000 10000"
ROUNDS=3
DIR=/dev/shm/bench
while [[ $# -gt 0 ]]; do
    case "$1" in
        --posts) POSTS="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --dir) DIR="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
: "${BIN:?set BIN to the rapport binary to time}"

orders=("cold warm rebuild hugo hugo-re" "hugo-re rebuild hugo warm cold" "warm hugo cold hugo-re rebuild")

run() {
    local mode=$1 n=$2 r="$DIR/r$2" h="$DIR/h$2"
    case $mode in
        cold) rm -rf "$r/.rapport/cache/analysis.json" "$r/public" "$r/.rapport/spare-output" ;;
        warm) "$BIN" build "$r" --quiet; rm -rf "$r/public" "$r/.rapport/spare-output" ;;
        rebuild) "$BIN" build "$r" --quiet; "$BIN" build "$r" --quiet ;;
        hugo) rm -rf "$h/public" "$h/resources" ;;
        hugo-re) hugo --source "$h" --quiet --destination "$h/public" ;;
    esac
    sync
    local start end stats
    start=$EPOCHREALTIME
    if [[ $mode == hugo* ]]; then
        stats=$( { /usr/bin/time -f "%M %U %S" hugo --source "$h" --quiet --destination "$h/public" >/dev/null; } 2>&1 | tail -1)
    else
        stats=$( { /usr/bin/time -f "%M %U %S" "$BIN" build "$r" --quiet >/dev/null; } 2>&1 | tail -1)
    fi
    end=$EPOCHREALTIME
    read -r kb user sys <<<"$stats"
    awk -v m="$mode" -v n="$n" -v s="$start" -v e="$end" -v kb="$kb" -v u="$user" -v y="$sys" \
        'BEGIN { printf "%-8s %6s %7.2f s %8s KB %6.2f s\n", m, n, e - s, kb, u + y }'
}

for ((round = 0; round < ROUNDS; round++)); do
    for n in $POSTS; do
        for mode in ${orders[$((round % 3))]}; do
            run "$mode" "$n"
        done
    done
done
