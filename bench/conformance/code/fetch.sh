#!/usr/bin/env bash
# Fetches the public benchmark files that conformance_test.go reads into
# data/ (committed, so the test runs offline and in CI):
#
#   data/HumanEval.jsonl.gz  HumanEval, github.com/openai/human-eval,
#       data/HumanEval.jsonl.gz, byte for byte. MIT License, Copyright (c)
#       OpenAI; the license text is data/HumanEval.LICENSE.
#   data/mbpp.jsonl.gz       MBPP (full, 974 tasks), github.com/google-research/
#       google-research, mbpp/mbpp.jsonl, gzipped. CC BY 4.0, (c) Google LLC
#       (Austin et al., "Program Synthesis with Large Language Models", 2021).
#
# The committed mbpp.jsonl.gz was made from a public copy of that file
# (github.com/muitiiifruckt/ASE, mbpp.jsonl at 83fa3f7, CRLF line endings),
# because the google-research repository is too large to fetch where it was
# made. It is not byte-identical to upstream (its length differs: CRLF line
# endings, escaping); the rows read by eye against upstream (tasks 1, 13,
# 122, 488, 493, 974) agree. Running this script replaces it with the
# upstream file.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p data
curl -fsSL https://raw.githubusercontent.com/openai/human-eval/master/data/HumanEval.jsonl.gz -o data/HumanEval.jsonl.gz
curl -fsSL https://raw.githubusercontent.com/openai/human-eval/master/LICENSE -o data/HumanEval.LICENSE
curl -fsSL https://raw.githubusercontent.com/google-research/google-research/master/mbpp/mbpp.jsonl | gzip -9n >data/mbpp.jsonl.gz
test "$(gzip -dc data/HumanEval.jsonl.gz | wc -l)" -eq 164
test "$(gzip -dc data/mbpp.jsonl.gz | wc -l)" -eq 974
sha256sum data/*
