#!/usr/bin/env bash
# Times `grpodata verify --verifier format` against the format reward as
# Python GRPO recipes write it (bench/format_peer.py: a regex per completion,
# stdlib json) on the same synthetic file, alternating runs, and prints
# medians and the ratio. Both read the file, score every response and write
# the records with their scores.
#
#   bench/format.sh             # 5,000 prompts x 16 responses, 5 rounds
#   ROUNDS=9 PROMPTS=20000 bench/format.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
rounds=${ROUNDS:-5}
prompts=${PROMPTS:-5000}
python=${PYTHON:-python3}
go build -o "$out/grpodata" ./cmd/grpodata
go build -o "$out/gen" ./bench/gen
plain=$out/syn-format-$prompts-plain.jsonl
file=$out/syn-format-$prompts.jsonl
[ -s "$plain" ] || "$out/gen" -prompts "$prompts" -group 16 -words 80 -seed 3 -o "$plain"
[ -s "$file" ] || "$python" bench/format_peer.py --make "$plain" "$file"
size=$(stat -c %s "$file")
echo "input: $file ($((size / 1000000)) MB, $((prompts * 16)) responses), $(nproc) cores, $rounds rounds"

seconds() {
	/usr/bin/time -f "%e" -o "$out/time.txt" "$@" >/dev/null 2>&1
	cat "$out/time.txt"
}
go_t=() py_t=()
for i in $(seq "$rounds"); do
	go_t+=("$(seconds "$out/grpodata" verify "$file" -o "$out/format-go.jsonl" --verifier format)")
	py_t+=("$(seconds "$python" bench/format_peer.py "$file" "$out/format-py.jsonl")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
gm=$(median "${go_t[@]}"); pm=$(median "${py_t[@]}")
echo "grpodata verify --verifier format: median $gm s ($(awk -v s="$size" -v t="$gm" 'BEGIN{printf "%.0f", s/t/1e6}') MB/s)  runs: ${go_t[*]}"
echo "python regex format reward:        median $pm s ($(awk -v s="$size" -v t="$pm" 'BEGIN{printf "%.0f", s/t/1e6}') MB/s)  runs: ${py_t[*]}"
echo "ratio: grpodata is $(awk -v a="$pm" -v b="$gm" 'BEGIN{printf "%.2f", a/b}')x the Python throughput"
