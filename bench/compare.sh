#!/usr/bin/env bash
# bench/compare.sh: quango search against fzf --filter over the same large catalogue.
#
# Generates a synthetic catalogue of N entries (default 1,000,000; bench/gen, deterministic),
# imports it with `quango import` into a fresh database, then times whole processes, side by
# side: `quango search QUERY` on that database and `fzf --filter QUERY` over the same entries'
# names (acronym, name and aliases, one entry a line). Each query runs RUNS times (default 5)
# for each; the median wall time of each and their ratio are printed.
#
#   bash bench/compare.sh            # 1M entries: a few minutes, most of it the import
#   N=100000 RUNS=9 bash bench/compare.sh
#
# Generated files go under bench/data/ (git-ignored). Needs fzf (Debian: apt-get install fzf);
# /usr/bin/time, when present, reports the import's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
RUNS=${RUNS:-5}
DATA=bench/data/n$N
QUERIES=("wessex" "ndhs" "clinical records" "nhs digital" "thames valley")

command -v fzf >/dev/null || { echo "compare.sh: fzf is needed (apt-get install fzf)" >&2; exit 1; }
mkdir -p "$DATA"

echo "== building quango and the generator"
CGO_ENABLED=0 go build -trimpath -o bench/data/quango .
go build -o bench/data/gen ./bench/gen

if [ ! -s "$DATA/catalogue.json" ] || [ ! -s "$DATA/names.txt" ]; then
  echo "== generating $N entries into $DATA"
  bench/data/gen -n "$N" -o "$DATA"
fi

DB="$DATA/quango.db"
if [ ! -s "$DB" ] || [ "${REIMPORT:-0}" = 1 ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  echo "== importing $N entries"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "import: %e s wall, %M KB peak memory" bench/data/quango --db "$DB" import "$DATA/catalogue.json" >/dev/null
  else
    start=$(date +%s%N)
    bench/data/quango --db "$DB" import "$DATA/catalogue.json" >/dev/null
    echo "import: $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
  fi
fi

# ms runs a command RUNS times and prints the median wall time in milliseconds.
ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true # no hit exits 1: still a timing
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# One untimed run of each warms the page cache for both.
bench/data/quango --db "$DB" search wessex >/dev/null 2>&1 || true
fzf --filter wessex <"$DATA/names.txt" >/dev/null || true

echo "== $N entries, median of $RUNS runs each (wall ms)"
printf '%-18s %12s %12s %8s\n' query "quango" "fzf" "ratio"
for q in "${QUERIES[@]}"; do
  read -r -a words <<<"$q"
  quango_ms=$(ms bench/data/quango --db "$DB" search "${words[@]}")
  fzf_ms=$(ms sh -c 'fzf --filter "$1" <"$2"' fzf "$q" "$DATA/names.txt")
  ratio=$(awk -v a="$quango_ms" -v b="$fzf_ms" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
  printf '%-18s %12s %12s %8s\n' "$q" "$quango_ms" "$fzf_ms" "$ratio"
done
echo "(ratio: quango's time over fzf's; below 1 means quango is faster)"
