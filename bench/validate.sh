#!/usr/bin/env bash
# Times `grpodata validate` against a straightforward single-pass Python
# validator using orjson (bench/validate_orjson.py) on the same synthetic
# file, alternating runs, and prints medians, the ratio and peak RSS.
#
#   bench/validate.sh            # ~220 MB file (20,000 prompts x 16 responses), 5 rounds
#   ROUNDS=9 bench/validate.sh
#   BIG=1 bench/validate.sh      # also peak RSS of grpodata on a ~2 GB file
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
rounds=${ROUNDS:-5}
go build -o "$out/grpodata" ./cmd/grpodata
go build -o "$out/gen" ./bench/gen
file=$out/syn-20k.jsonl
[ -s "$file" ] || "$out/gen" -prompts 20000 -group 16 -words 80 -seed 1 -o "$file"
python=${PYTHON:-python3}
"$python" -c 'import orjson' 2>/dev/null || { echo "python3 with orjson is needed for the comparison" >&2; exit 1; }
size=$(stat -c %s "$file")
echo "input: $file ($((size / 1000000)) MB), $(nproc) cores, $rounds rounds"

measure() { # prints "seconds maxrss_kb"
	/usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>&1 || true
	cat "$out/time.txt"
}
go_t=() py_t=() go_rss=() py_rss=()
for i in $(seq "$rounds"); do
	read -r t m < <(measure "$out/grpodata" validate --checks group_size,scores,coverage --group-size 16 "$file"); go_t+=("$t"); go_rss+=("$m")
	read -r t m < <(measure "$python" bench/validate_orjson.py "$file" 16); py_t+=("$t"); py_rss+=("$m")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
gm=$(median "${go_t[@]}"); pm=$(median "${py_t[@]}")
echo "grpodata validate (3 checks): median $gm s  ($(awk -v s="$size" -v t="$gm" 'BEGIN{printf "%.0f", s/t/1e6}') MB/s)  peak RSS $(( $(median "${go_rss[@]}") / 1024 )) MB   runs: ${go_t[*]}"
echo "python + orjson   (3 checks): median $pm s  ($(awk -v s="$size" -v t="$pm" 'BEGIN{printf "%.0f", s/t/1e6}') MB/s)  peak RSS $(( $(median "${py_rss[@]}") / 1024 )) MB   runs: ${py_t[*]}"
echo "ratio: grpodata is $(awk -v a="$pm" -v b="$gm" 'BEGIN{printf "%.2f", a/b}')x the Python+orjson throughput"
read -r t m < <(measure "$out/grpodata" validate "$file")
echo "grpodata validate (all 6 checks): $t s, peak RSS $((m / 1024)) MB"

if [ "${BIG:-0}" = 1 ]; then
	big=$out/syn-2g.jsonl
	[ -s "$big" ] || "$out/gen" -prompts 180000 -group 16 -words 80 -seed 2 -o "$big"
	read -r t m < <(measure "$out/grpodata" validate "$big")
	echo "2 GB input ($(( $(stat -c %s "$big") / 1000000 )) MB), all checks: $t s, peak RSS $((m / 1024)) MB"
fi
