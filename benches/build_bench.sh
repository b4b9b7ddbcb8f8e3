#!/usr/bin/env bash
# Cold-build benchmark: rapport vs Hugo on the shared generated corpus.
#
# usage: benches/build_bench.sh [--posts "1000 10000"] [--runs N] [--out DIR]
#                               [--idle-wait SECONDS] [--tmpfs] [--warm-analysis]
#                               [--rebuild] [--first]
#
# For each post count N it generates the same Markdown corpus twice with
# ../shared/bench/gen_corpus.py (--flavor plain for rapport, --flavor hugo for
# Hugo), builds each once untimed (to check messages, count what is written
# and read rapport's stage timings), then times RUNS cold builds of each tool,
# interleaved round by round.  Timed commands:
#   rapport build DIR/rN --quiet                        (output DIR/rN/public)
#   hugo --source DIR/hN --quiet --destination DIR/hN-public
#   hugo --source DIR/hN --quiet --minify --destination DIR/hN-public-min
# With --tmpfs the outputs go to /dev/shm/rapport-bench-out instead (rapport
# gets --output /dev/shm/rapport-bench-out/rN-public): this takes the cost of
# the disk's file system out of the numbers; the inputs stay in DIR. rapport's
# link cards, cached in DIR/rN/.rapport, are then copied across file systems
# (260 MB at 10k posts) instead of hard-linked as in a real site's public/:
# for everything on tmpfs, as docs/BENCHMARKS.md "Stop 14" measures, use
# --out /dev/shm/rapport-bench without --tmpfs.
# Before every timed run the output folder (and Hugo's resources/ cache) is
# deleted and `sync` is run, so each build is cold: no previous output or
# cache, and for rapport no analysis cache (.rapport/cache/analysis.json; keep
# it with --warm-analysis) and no spare output to build into
# (.rapport/spare-output). --rebuild keeps every output and cache of both
# tools between runs: it times a rebuild of unchanged content (with --tmpfs
# the spare output cannot be moved across file systems and is not used).  The link cards stay cached in
# DIR/rN/.rapport/cache/images, as Hugo keeps resources between builds of a
# real site; --first deletes all of DIR/rN/.rapport before each run instead, so
# every build is a first build (every link card rendered, as in CI without a
# cache).  The input corpus is in the OS page cache (just generated and built).
# Each run is wrapped in `/usr/bin/time -v` (peak RSS, user/sys CPU); wall
# time is taken around it with bash's $EPOCHREALTIME.
#
# The machine may be shared (e.g. cargo builds of other developers): before
# every run the script waits up to --idle-wait seconds (default 300) for the
# CPUs to be >= 90% idle, and for every run it records the CPU time that other
# processes used meanwhile ("other CPU %" = that / (wall * nproc)).
#
# Prints a markdown table (tool, posts, HTML files, output MiB, median s, min s,
# CPU s, peak RSS MiB, other CPU %), the Hugo/rapport speed ratio and rapport's
# stage timings.  Raw data stays in DIR/results.
# Needs python3, cargo, and root (or preinstalled hugo and time) for apt-get.
set -euo pipefail

POSTS="1000 10000"
RUNS=5
OUT=/tmp/rapport-bench
IDLE_WAIT=300
TMPFS=0
WARM_ANALYSIS=0
REBUILD=0
FIRST=0

while [[ $# -gt 0 ]]; do
    case "$1" in
        --posts) POSTS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --idle-wait) IDLE_WAIT="$2"; shift 2 ;;
        --tmpfs) TMPFS=1; shift ;;
        --warm-analysis) WARM_ANALYSIS=1; shift ;;
        --rebuild) REBUILD=1; shift ;;
        --first) FIRST=1; shift ;;
        -h|--help) sed -n '2,45p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

ROOT="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
SHARED="$ROOT/../shared"
GEN="$SHARED/bench/gen_corpus.py"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
RES="$OUT/results"
rm -rf "$RES"
mkdir -p "$RES"
NPROC=$(nproc)
if [[ $TMPFS -eq 1 ]]; then
    OUTROOT=/dev/shm/rapport-bench-out
    rm -rf "$OUTROOT"
    mkdir -p "$OUTROOT"
else
    OUTROOT="$OUT"
fi

log() { echo "==> $*" >&2; }

# ---------------------------------------------------------------- tools
need_pkgs=()
command -v hugo >/dev/null 2>&1 || need_pkgs+=(hugo)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
if [[ ${#need_pkgs[@]} -gt 0 ]]; then
    log "installing ${need_pkgs[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_pkgs[@]}" >/dev/null
fi

log "building rapport (cargo build --release)"
(cd "$ROOT" && cargo build --release --quiet)
# Time a private copy, so a concurrent `cargo build` in the work tree cannot
# swap the binary in the middle of the runs.
mkdir -p "$OUT/bin"
cp "$ROOT/target/release/rapport" "$OUT/bin/rapport"
RAPPORT="$OUT/bin/rapport"

# ---------------------------------------------------------------- helpers
html_count() { find "$1" -type f -name '*.html' | wc -l; }
# posts/<slug>/index.html, not the posts/page/K/ list pages
post_pages() { find "$1/posts" -mindepth 2 -maxdepth 2 -name index.html -not -path '*/posts/page/*' | wc -l; }
out_mib() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {printf "%.1f", s/1048576}'; }
files_count() { find "$1" -type f | wc -l; }

# busy and total jiffies of all CPUs, from /proc/stat
cpu_jiffies() { awk '/^cpu / {t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat; }

# wait until the CPUs are >= 90% idle over one second (at most IDLE_WAIT s)
wait_idle() {
    local waited=0 b0 t0 b1 t1 idle
    while :; do
        read -r b0 t0 < <(cpu_jiffies)
        sleep 1
        read -r b1 t1 < <(cpu_jiffies)
        idle=$(( 100 - 100 * (b1 - b0) / (t1 - t0 > 0 ? t1 - t0 : 1) ))
        if (( idle >= 90 )); then
            [[ $waited -gt 0 ]] && log "  waited ${waited}s for an idle CPU"
            return 0
        fi
        waited=$((waited + 1))
        if (( waited >= IDLE_WAIT )); then
            log "  CPU still busy (${idle}% idle) after ${IDLE_WAIT}s; running anyway"
            return 0
        fi
    done
}

# timed_run TAG N PREPARE-CMD -- COMMAND...: one cold, timed build
# appends "wall user sys maxrss_kb other_cpu_s" to $RES/runs-TAG-N.txt
timed_run() {
    local tag=$1 n=$2 prep=$3
    shift 4
    bash -c "$prep"
    sync
    wait_idle
    local tv="$RES/time.tmp" b0 t0 b1 t1 s e
    read -r b0 t0 < <(cpu_jiffies)
    s=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$tv" "$@" >"$RES/run.out" 2>&1; then
        echo "!! $tag failed:" >&2
        head -30 "$RES/run.out" >&2
        exit 1
    fi
    e=$EPOCHREALTIME
    read -r b1 t1 < <(cpu_jiffies)
    local hz
    hz=$(getconf CLK_TCK)
    awk -v s="$s" -v e="$e" -v db=$((b1 - b0)) -v hz="$hz" -F': ' '
        /User time \(seconds\)/ {u=$2}
        /System time \(seconds\)/ {y=$2}
        /Maximum resident set size/ {m=$2}
        END {o=db/hz-u-y; if (o<0) o=0; printf "%.4f %.2f %.2f %d %.2f\n", e-s, u, y, m, o}' "$tv" \
        >>"$RES/runs-$tag-$n.txt"
    printf '  %-8s %6s posts: %s\n' "$tag" "$n" "$(tail -1 "$RES/runs-$tag-$n.txt")" >&2
}

# summary TAG N -> "median_s min_s cpu_s peak_rss_mb other_cpu_pct"
summary() {
    python3 - "$RES/runs-$1-$2.txt" "$NPROC" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
nproc = int(sys.argv[2])
wall = [r[0] for r in rows]
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = max(r[3] for r in rows) / 1024
other = max(r[4] / (r[0] * nproc) for r in rows) * 100
print(f"{statistics.median(wall):.3f} {min(wall):.3f} {cpu:.2f} {rss:.0f} {other:.0f}")
EOF
}

{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $NPROC"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "mem: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
    echo "rapport: $("$RAPPORT" --version) ($(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src themes Cargo.toml Cargo.lock build.rs || echo ', with uncommitted changes in the work tree'))"
    echo "hugo: $(hugo version)"
    echo "runs: $RUNS per tool and size, interleaved"
    echo "outputs written to: $OUTROOT ($(df -T "$OUTROOT" | awk 'NR==2 {print $2}'))"
} | tee "$RES/machine.txt" >&2

TABLE="$RES/table.md"
{
    echo "| tool | posts | HTML files | post pages | all files | output MiB | median s | min s | CPU s (user+sys) | peak RSS MiB | other CPU % (max) |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$TABLE"
RATIOS="$RES/ratios.md"
: >"$RATIOS"
STAGES="$RES/stages.md"
: >"$STAGES"

for N in $POSTS; do
    R="$OUT/r$N"
    H="$OUT/h$N"
    HP="$OUTROOT/h$N-public"
    HPM="$OUTROOT/h$N-public-min"
    if [[ $TMPFS -eq 1 ]]; then
        RP="$OUTROOT/r$N-public"
        ROPT=(--output "$RP")
    else
        RP="$R/public"
        ROPT=()
    fi

    log "generating corpora for $N posts"
    rm -rf "$R" "$H" "$RP" "$HP" "$HPM"
    python3 "$GEN" --posts "$N" --images 0 --out "$R" --flavor plain >&2
    printf 'title = "Acme Marketing Blog"\nbase_url = "https://blog.example.com/"\n' >"$R/rapport.toml"
    python3 "$GEN" --posts "$N" --images 0 --out "$H" --flavor hugo >&2

    # ---- untimed check builds: messages, stage timings, what gets written
    log "check build: rapport ($N posts)"
    set +e
    "$RAPPORT" build "$R" "${ROPT[@]}" >"$RES/rapport-$N.human.txt" 2>&1
    rc=$?
    set -e
    cat "$RES/rapport-$N.human.txt" >&2
    if [[ $rc -ne 0 ]]; then
        echo "rapport build failed (exit $rc); first 30 lines:" >&2
        head -30 "$RES/rapport-$N.human.txt" >&2
        exit 1
    fi
    if grep -qiE 'warning|error' "$RES/rapport-$N.human.txt"; then
        echo "rapport printed warnings/errors; first 30 lines:" >&2
        head -30 "$RES/rapport-$N.human.txt" >&2
    fi
    rm -rf "$RP" "$R/.rapport/spare-output"
    sync
    wait_idle
    "$RAPPORT" build "$R" "${ROPT[@]}" --format json >"$RES/rapport-$N.json"
    python3 - "$RES/rapport-$N.json" "$N" >>"$STAGES" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
st = d["stats"]
t = st["timings_ms"]
parts = ", ".join(f"{k} {v:.1f} ms" for k, v in sorted(t.items(), key=lambda kv: -kv[1]))
print(f"- {sys.argv[2]} posts: total {st['total_ms']:.1f} ms; {parts}; "
      f"{st['files_written']} files written, {len(d['diagnostics'])} diagnostics")
EOF

    log "check build: hugo ($N posts)"
    rm -rf "$H/resources" "$HP"
    hugo --source "$H" --destination "$HP" >"$RES/hugo-$N.txt" 2>&1 || { cat "$RES/hugo-$N.txt" >&2; exit 1; }
    cat "$RES/hugo-$N.txt" >&2

    for d in "$RP" "$HP"; do
        p=$(post_pages "$d")
        if [[ $p -ne $N ]]; then
            echo "!! $d has $p post pages, expected $N" >&2
        fi
    done

    # ---- timed cold builds, interleaved: round i starts with a different tool
    log "timing cold builds ($N posts, $RUNS runs each)"
    RPREP="rm -rf '$RP' '$R/.rapport/spare-output'"
    [[ $WARM_ANALYSIS -eq 1 ]] || RPREP="$RPREP '$R/.rapport/cache/analysis.json'"
    [[ $FIRST -eq 1 ]] && RPREP="rm -rf '$RP' '$R/.rapport'"
    HPREP="rm -rf '$HP' '$H/resources'"
    HMPREP="rm -rf '$HPM' '$H/resources'"
    if [[ $REBUILD -eq 1 ]]; then
        log "rebuilds: outputs and caches are kept between runs"
        RPREP=true HPREP=true HMPREP=true
    fi
    run_rapport() { timed_run rapport "$N" "$RPREP" -- "$RAPPORT" build "$R" "${ROPT[@]}" --quiet; }
    run_hugo() { timed_run hugo "$N" "$HPREP" -- hugo --source "$H" --quiet --destination "$HP"; }
    run_hugomin() { timed_run hugomin "$N" "$HMPREP" -- hugo --source "$H" --quiet --minify --destination "$HPM"; }
    order=(run_rapport run_hugo run_hugomin)
    for ((i = 0; i < RUNS; i++)); do
        for ((k = 0; k < 3; k++)); do
            "${order[$(((i + k) % 3))]}"
        done
    done

    # ---- table rows (outputs of the last timed run of each)
    for spec in "rapport|$RP|rapport" "hugo|$HP|hugo" "hugo --minify|$HPM|hugomin"; do
        IFS='|' read -r name dir tag <<<"$spec"
        read -r med mn cpu rss other <<<"$(summary "$tag" "$N")"
        echo "| $name | $N | $(html_count "$dir") | $(post_pages "$dir") | $(files_count "$dir") | $(out_mib "$dir") | $med | $mn | $cpu | $rss | $other |" >>"$TABLE"
        eval "med_$tag=$med; min_$tag=$mn"
    done
    awk -v n="$N" -v r="$med_rapport" -v h="$med_hugo" -v m="$med_hugomin" \
        -v rm="$min_rapport" -v hm="$min_hugo" -v mm="$min_hugomin" 'BEGIN {
        printf "- %s posts: Hugo/rapport wall time, medians: %.2fx (hugo), %.2fx (hugo --minify); minimums: %.2fx, %.2fx\n",
            n, h/r, m/r, hm/rm, mm/rm }' >>"$RATIOS"
    # free the RAM that tmpfs outputs hold before the next size
    if [[ $TMPFS -eq 1 ]]; then rm -rf "$RP" "$HP" "$HPM"; fi
done

rm -f "$RES/time.tmp" "$RES/run.out"
echo
cat "$RES/machine.txt"
echo
cat "$TABLE"
echo
echo "Speed ratio Hugo/rapport (higher = rapport faster):"
cat "$RATIOS"
echo
echo "rapport stage timings (one untimed cold build with --format json, slowest first):"
cat "$STAGES"
echo
echo "Raw data: $RES"
