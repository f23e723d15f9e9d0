#!/usr/bin/env bash
# Executions per second of a trivial Python script, sandboxed (namespaces,
# cgroups, seccomp) and as plain subprocesses, side by side in one run, with
# WORKERS parallel workers (default: all cores). Each round measures both
# modes back to back (so load on the machine hits both alike); the summary is
# the median over ROUNDS rounds and the ratio sandboxed/plain (target >= 0.5).
#
#   bench/sandbox/run.sh                 # 5 rounds of 3s per mode
#   ROUNDS=9 BENCHTIME=5s WORKERS=4 bench/sandbox/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-5}
BENCHTIME=${BENCHTIME:-3s}
WORKERS=${WORKERS:-$(nproc)}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/sandbox.test" ./sandbox/

echo "sandbox bench: $ROUNDS rounds x $BENCHTIME per mode, $WORKERS workers, $(nproc) cores, kernel $(uname -r)"
printf '%-6s %12s %12s %7s\n' round sandbox/s plain/s ratio
for i in $(seq "$ROUNDS"); do
	(cd "$tmp" && ./sandbox.test -test.run '^$' -test.bench '^BenchmarkRun$' \
		-test.benchtime "$BENCHTIME" -test.cpu "$WORKERS") >"$tmp/round.txt" 2>&1 || {
		cat "$tmp/round.txt"
		exit 1
	}
	s=$(awk '/mode=sandbox/ { for (i = 2; i < NF; i++) if ($(i+1) == "runs/s") print $i }' "$tmp/round.txt")
	p=$(awk '/mode=plain/ { for (i = 2; i < NF; i++) if ($(i+1) == "runs/s") print $i }' "$tmp/round.txt")
	if [ -z "$s" ] || [ -z "$p" ]; then
		cat "$tmp/round.txt"
		echo "no result (isolation unavailable?)"
		exit 1
	fi
	echo "$s $p" >>"$tmp/all.txt"
	awk -v i="$i" -v s="$s" -v p="$p" 'BEGIN { printf "%-6s %12.1f %12.1f %7.2f\n", i, s, p, s / p }'
done

sort -n -k1,1 "$tmp/all.txt" | awk '{ print $1 }' >"$tmp/s.txt"
sort -n -k2,2 "$tmp/all.txt" | awk '{ print $2 }' >"$tmp/p.txt"
awk '{ r = $1 / $2; print r }' "$tmp/all.txt" | sort -n >"$tmp/r.txt"
median() { awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }' "$1"; }
awk -v s="$(median "$tmp/s.txt")" -v p="$(median "$tmp/p.txt")" -v r="$(median "$tmp/r.txt")" -v n="$ROUNDS" 'BEGIN {
	printf "\nmedian of %d rounds: sandbox %.1f runs/s, plain %.1f runs/s, ratio %.2f (median of per-round ratios %.2f)\n", n, s, p, s / p, r
}'
