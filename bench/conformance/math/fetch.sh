#!/bin/sh
# fetch.sh rebuilds the committed conformance data in data/ from public sources, pinned by
# commit and checked by sha256. Run it from this directory; it needs curl, sha256sum and gzip.
#
#   gsm8k_test.jsonl.gz   GSM8K test split, 1319 problems with worked solutions ending in
#                         "#### N". Source: github.com/openai/grade-school-math
#                         grade_school_math/data/test.jsonl (MIT License, (c) 2021 OpenAI).
#
#   math500_test.jsonl.gz MATH-500, the 500-problem test subset of MATH chosen for "Let's Verify
#                         Step by Step" (fields problem, solution, answer, subject, level,
#                         unique_id). Published in github.com/openai/prm800k
#                         prm800k/math_splits/test.jsonl (MIT License, (c) 2023 OpenAI), where it
#                         is stored in Git LFS. The copy used here is the one redistributed in
#                         github.com/iamhankai/Forest-of-Thought datasets/math500/test.jsonl: 500
#                         rows with the same fields and order. It is 446526 bytes, while the LFS
#                         pointer in prm800k announces 446564 bytes (sha256 35dc4108...), so it is
#                         not byte-identical to the LFS object; the answers and solutions are the
#                         MATH-500 ones (see KNOWN.md).
#
# The conformance test (conformance_test.go) reads only these files; it never uses the network.
set -eu
cd "$(dirname "$0")"
mkdir -p data

fetch() { # url sha256 out
	tmp=$(mktemp)
	curl -fsSL "$1" -o "$tmp"
	echo "$2  $tmp" | sha256sum -c - >/dev/null || { echo "sha256 mismatch for $1" >&2; rm -f "$tmp"; exit 1; }
	gzip -9 -n -c "$tmp" >"data/$3"
	rm -f "$tmp"
	echo "data/$3 <- $1"
}

fetch https://raw.githubusercontent.com/openai/grade-school-math/3101c7d5072418e28b9008a6636bde82a006892c/grade_school_math/data/test.jsonl \
	3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14 gsm8k_test.jsonl.gz
fetch https://raw.githubusercontent.com/iamhankai/Forest-of-Thought/97bdbabe6d7abd0a8fdeb6550ab197225b7ccfa2/datasets/math500/test.jsonl \
	5f825781e98ae98d39711ce3f9d02ec06743e04b6f3b3cb256f4049079dfa491 math500_test.jsonl.gz
