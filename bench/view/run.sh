#!/bin/sh
# Measures grpodata view on a 2 GB file: indexing rate, first page, page
# latencies and peak RSS (best of N; the machine may be shared and noisy).
#   bench/view/run.sh [FILE] [N]
# Without FILE it generates /tmp/grpodata-view-2g.jsonl with bench/gen (not
# committed: about 2.1 GB).
set -eu
cd "$(dirname "$0")/../.."
file=${1:-/tmp/grpodata-view-2g.jsonl}
n=${2:-5}
if [ ! -f "$file" ]; then
	echo "generating $file (150000 groups of 16 responses)"
	go run ./bench/gen -prompts 150000 -o "$file"
fi
bin=$(mktemp -d)/grpodata
go build -o "$bin" ./cmd/grpodata
go run ./bench/view -file "$file" -bin "$bin" -n "$n"
rm -rf "$(dirname "$bin")"
