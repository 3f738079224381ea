#!/usr/bin/env bash
# bench/side-by-side.sh: quango beside fzf, in one run, on everything the performance issue
# (#17) measures, over the same entries' names:
#
#   first frame     start → the first entry on screen, in tmux: the built-in catalogue and N
#   keystroke       a loaded explorer, one letter typed (KEY, default z: a letter that does not
#                   match every entry, or the count would not change) → the new count on screen: N
#                   and BIG (the explorer's rows at BIG, first frame, keystroke and memory, are
#                   left out with BIG_EXPLORER=0)
#   memory          the explorer's and fzf's resident memory once N entries are loaded
#   search          `quango search` vs `fzf --filter`, whole processes: wall time (median) and
#                   peak memory, at BIG
#   import          `quango import` of BIG entries: wall time and peak memory
#   start-up        `quango --help` and `quango show npfit --json` (built-in catalogue) beside a
#                   static hello-world built into bench/data/_hello: wall and user+sys CPU per process
#
#   bash bench/side-by-side.sh                    # N=100,000, BIG=1,000,000: several minutes
#   BIG=0 bash bench/side-by-side.sh              # leave the million out
#   N=10000 BIG=100000 RUNS=3 bash bench/side-by-side.sh
#   STARTUP_ONLY=1 bash bench/side-by-side.sh     # only the start-up rows: seconds
#
# The machine is shared and noisy: each figure is the median of RUNS runs (default 5; 3 for
# the explorer at N), quango's and fzf's runs interleaved. A start-up run is a batch of STARTS
# processes (default 20), timed by bash (wall, and user+sys of the batch) and divided by STARTS. Catalogues come from bench/gen
# (deterministic) and live under bench/data/ (git-ignored); the databases are imported once
# and kept (REIMPORT=1 imports again). Needs fzf, tmux and GNU time (Debian: fzf tmux time).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
BIG=${BIG:-1000000}
RUNS=${RUNS:-5}
XRUNS=${XRUNS:-3}
STARTS=${STARTS:-20}
KEY=${KEY:-z}
QUERIES=("wessex" "nhs digital" "thames valley")

if [ "${STARTUP_ONLY:-0}" != 1 ]; then
  for tool in fzf tmux /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "side-by-side.sh: $tool is needed (apt-get install fzf tmux time)" >&2; exit 1; }
  done
fi

Q=bench/data/quango
echo "== building quango and the generator"
CGO_ENABLED=0 go build -trimpath -o "$Q" .
go build -o bench/data/gen ./bench/gen

# data N: generates N entries and imports them, once; prints the folder.
data() {
  local n=$1 dir=bench/data/n$1
  if [ ! -s "$dir/catalogue.json" ] || [ ! -s "$dir/names.txt" ]; then
    echo "== generating $n entries into $dir" >&2
    bench/data/gen -n "$n" -o "$dir" >&2
  fi
  if [ ! -s "$dir/quango.db" ] || [ "${REIMPORT:-0}" = 1 ]; then
    rm -f "$dir/quango.db" "$dir/quango.db-wal" "$dir/quango.db-shm"
    echo "== importing $n entries" >&2
    /usr/bin/time -f "%e %M" -o "$dir/import.time" "$Q" --db "$dir/quango.db" import "$dir/catalogue.json" >/dev/null
  fi
  echo "$dir"
}

# median reads numbers, one a line, and prints their median.
median() { sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

SOCK="quango-bench-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT

# screen_has TEXT waits (up to 600 s) until the pane shows TEXT; prints the ms it waited.
screen_has() {
  local start; start=$(now_ms)
  while ! tm capture-pane -p -t bench 2>/dev/null | grep -qF -- "$1"; do
    if [ $(( $(now_ms) - start )) -gt 600000 ]; then echo timeout; return; fi
    sleep 0.005
  done
  echo $(( $(now_ms) - start ))
}

# screen_matches RE waits, as screen_has does, until the pane shows a line matching the extended
# regular expression RE.
screen_matches() {
  local start; start=$(now_ms)
  while ! tm capture-pane -p -t bench 2>/dev/null | grep -qE -- "$1"; do
    if [ $(( $(now_ms) - start )) -gt 600000 ]; then echo timeout; return; fi
    sleep 0.005
  done
  echo $(( $(now_ms) - start ))
}

# frame CMD MARKER: ms from starting CMD in a 200×50 tmux pane until MARKER shows.
frame() {
  local start; start=$(now_ms)
  tm new-session -d -s bench -x 200 -y 50 "$1"
  local waited; waited=$(screen_has "$2")
  local end; end=$(now_ms)
  [ "$waited" = timeout ] && echo timeout || echo $(( end - start ))
}

stop() { tm kill-session -t bench 2>/dev/null || true; sleep 0.2; }

rss_mib() { ps -o rss= -p "$(tm list-panes -t bench -F '#{pane_pid}')" | awk '{printf "%d", $1/1024}'; }

# explorer DIR: the first-frame, keystroke and memory figures for quango's explorer and fzf over
# the entries in DIR (its quango.db and names.txt). Prints "frame_q frame_f key_q key_f mem_q mem_f".
explorer() {
  local dir=$1 total total_q first_q first_f want_f
  total=$(wc -l <"$dir/names.txt")
  total_q=$("$Q" --db "$dir/quango.db" list | wc -l) # the built-in entries too
  first_q=$("$Q" --db "$dir/quango.db" list -n 1 | head -1 | cut -f3 | cut -c1-30)
  first_f=$(head -1 "$dir/names.txt" | cut -c1-30)
  want_f="$(fzf --filter "$KEY" <"$dir/names.txt" | wc -l)/$total"
  local fq=() ff=() kq=() kf=() mq=() mf=()
  for _ in $(seq "$XRUNS"); do
    fq+=("$(frame "exec env QUANGO_DB=$dir/quango.db $Q" "$first_q")")
    # The first page shows before the whole list, its title saying the rest is loading: the
    # keystroke is timed once the whole list (its count of the dead) is on screen.
    screen_matches "$total_q entries · [0-9]+ dead" >/dev/null
    mq+=("$(rss_mib)")
    local t; t=$(now_ms); tm send-keys -t bench "$KEY"
    screen_has " of $total_q entries" >/dev/null; kq+=($(( $(now_ms) - t )))
    stop
    ff+=("$(frame "exec fzf <$dir/names.txt" "$first_f")")
    screen_has "$total/$total" >/dev/null
    mf+=("$(rss_mib)")
    t=$(now_ms); tm send-keys -t bench "$KEY"
    screen_has "$want_f" >/dev/null; kf+=($(( $(now_ms) - t )))
    stop
  done
  printf '%s %s %s %s %s %s\n' \
    "$(printf '%s\n' "${fq[@]}" | median)" "$(printf '%s\n' "${ff[@]}" | median)" \
    "$(printf '%s\n' "${kq[@]}" | median)" "$(printf '%s\n' "${kf[@]}" | median)" \
    "$(printf '%s\n' "${mq[@]}" | median)" "$(printf '%s\n' "${mf[@]}" | median)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "-"}'; }
row() { printf '%-44s %12s %12s %7s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"; }

# The built-in catalogue: a fresh database, and its names as fzf would be given them.
BUILTIN=bench/data/builtin
mkdir -p "$BUILTIN"
rm -f "$BUILTIN/quango.db"*
"$Q" --db "$BUILTIN/quango.db" list | awk -F'\t' '{print ($2 == "" ? "" : $2 " ") $3}' >"$BUILTIN/names.txt"

# starts CMD...: one batch of STARTS runs of CMD; prints ms per run, wall then user+sys CPU.
starts() {
  local TIMEFORMAT='%3R %3U %3S' t
  t=$( { time (for _ in $(seq "$STARTS"); do "$@" >/dev/null 2>&1; done); } 2>&1 )
  awk -v t="$t" -v n="$STARTS" 'BEGIN {split(t, a, " "); printf "%.2f %.2f\n", a[1] * 1000 / n, (a[2] + a[3]) * 1000 / n}'
}

echo "== start-up: quango beside a static hello-world"
# Its source sits in a folder whose name starts with "_", which go's ./... patterns leave out.
HELLO=bench/data/_hello
mkdir -p "$HELLO"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hello, world\\n") }\n' >"$HELLO/main.go"
CGO_ENABLED=0 go build -trimpath -o "$HELLO/hello" "$HELLO/main.go"
hw=() hc=() pw=() pc=() sw=() sc=()
for _ in $(seq "$RUNS"); do
  read -r w c < <(starts "$HELLO/hello"); hw+=("$w"); hc+=("$c")
  read -r w c < <(starts "$Q" --help); pw+=("$w"); pc+=("$c")
  read -r w c < <(starts "$Q" --db "$BUILTIN/quango.db" show npfit --json); sw+=("$w"); sc+=("$c")
done
startup_rows() {
  local h
  h=$(printf '%s\n' "${hw[@]}" | median)
  printf '%-44s %12s %12s %7s\n' "start-up, per process (median of $RUNS)" "quango" "hello" "ratio"
  row "start-up, quango --help (ms wall)" "$(printf '%s\n' "${pw[@]}" | median)" "$h"
  row "start-up, quango show --json (ms wall)" "$(printf '%s\n' "${sw[@]}" | median)" "$h"
  h=$(printf '%s\n' "${hc[@]}" | median)
  row "start-up, quango --help (ms CPU)" "$(printf '%s\n' "${pc[@]}" | median)" "$h"
  row "start-up, quango show --json (ms CPU)" "$(printf '%s\n' "${sc[@]}" | median)" "$h"
  echo "(hello: a static Go hello-world; CPU is user+sys; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
}
if [ "${STARTUP_ONLY:-0}" = 1 ]; then
  echo
  startup_rows
  exit 0
fi

SMALL=$(data "$N")
if [ "$BIG" != 0 ]; then LARGE=$(data "$BIG"); fi

echo "== floor: tmux starting a command that prints at once"
floor=()
for _ in $(seq "$XRUNS"); do floor+=("$(frame "echo quango-bench-floor; sleep 60" "quango-bench-floor")"); stop; done

echo "== explorer, built-in catalogue"
read -r bfq bff bkq bkf bmq bmf <<<"$(explorer "$BUILTIN")"
echo "== explorer, $N entries"
read -r sfq sff skq skf smq smf <<<"$(explorer "$SMALL")"
if [ "$BIG" != 0 ] && [ "${BIG_EXPLORER:-1}" = 1 ]; then
  echo "== explorer, $BIG entries"
  read -r lfq lff lkq lkf lmq lmf <<<"$(explorer "$LARGE")"
fi

if [ "$BIG" != 0 ]; then
  echo "== search, $BIG entries, whole processes"
  "$Q" --db "$LARGE/quango.db" search wessex >/dev/null 2>&1 || true # warm the page cache
  fzf --filter wessex <"$LARGE/names.txt" >/dev/null || true
  search_rows=()
  for q in "${QUERIES[@]}"; do
    tq=() tf=() mq=() mf=()
    for _ in $(seq "$RUNS"); do
      read -r t m < <(/usr/bin/time -f "%e %M" "$Q" --db "$LARGE/quango.db" search "$q" 2>&1 >/dev/null | tail -1)
      tq+=("$(awk -v t="$t" 'BEGIN {printf "%d", t * 1000}')"); mq+=($((m / 1024)))
      read -r t m < <(/usr/bin/time -f "%e %M" fzf --filter "$q" <"$LARGE/names.txt" 2>&1 >/dev/null | tail -1)
      tf+=("$(awk -v t="$t" 'BEGIN {printf "%d", t * 1000}')"); mf+=($((m / 1024)))
    done
    search_rows+=("$q|$(printf '%s\n' "${tq[@]}" | median)|$(printf '%s\n' "${tf[@]}" | median)|$(printf '%s\n' "${mq[@]}" | sort -n | tail -1)|$(printf '%s\n' "${mf[@]}" | sort -n | tail -1)")
  done
fi

echo
echo "quango beside fzf: medians (first frame and keystroke of $XRUNS runs, search of $RUNS), on a shared machine"
printf '%-44s %12s %12s %7s\n' "what" "quango" "fzf" "ratio"
row "floor: tmux until a printed line shows (ms)" "$(printf '%s\n' "${floor[@]}" | median)" "$(printf '%s\n' "${floor[@]}" | median)"
row "first frame, built-in catalogue (ms)" "$bfq" "$bff"
row "first frame, $N entries (ms)" "$sfq" "$sff"
row "keystroke '$KEY', built-in catalogue (ms)" "$bkq" "$bkf"
row "keystroke '$KEY', $N entries (ms)" "$skq" "$skf"
row "memory once loaded, $N entries (MiB)" "$smq" "$smf"
if [ -n "${lfq:-}" ]; then
  row "first frame, $BIG entries (ms)" "$lfq" "$lff"
  row "keystroke '$KEY', $BIG entries (ms)" "$lkq" "$lkf"
  row "memory once loaded, $BIG entries (MiB)" "$lmq" "$lmf"
fi
if [ "$BIG" != 0 ]; then
  for r in "${search_rows[@]}"; do
    IFS='|' read -r q tq tf mq mf <<<"$r"
    row "search \"$q\", $BIG entries (ms)" "$tq" "$tf"
    row "search \"$q\", $BIG entries (peak MiB)" "$mq" "$mf"
  done
  if [ -s "$LARGE/import.time" ]; then
    read -r t m <"$LARGE/import.time"
    printf '%-44s %12s\n' "import of $BIG entries (s, peak MiB)" "$t s, $((m / 1024)) MiB"
  fi
fi
echo "(ratio: quango's figure over fzf's; at most 1 means as fast or as small as fzf)"
echo
startup_rows
