// Package tokenize counts tokens exactly as a model's tokenizer would split a
// text. It knows nothing about records: it turns strings into token ids or
// token counts.
//
// A [Counter] is made from a spec by [New]:
//
//   - "o200k" (or "o200k_base") and "cl100k" (or "cl100k_base"): OpenAI's
//     tiktoken vocabularies (GPT-4o and later; GPT-4 and GPT-3.5), embedded in
//     the binary through github.com/tiktoken-go/tokenizer.
//   - a path to a Hugging Face tokenizer.json (optionally gzip-compressed, with
//     a .gz suffix) of a byte-level BPE model such as Qwen2/Qwen3 or Llama 3.
//   - "estimate": no tokenizer at all, ceil(words × 1.3); a rough estimate
//     that is only good for sizing, never for limits.
//
// Every counter encodes a text as the model would see it inside a prompt:
// no BOS/EOS or template tokens are added (add_special_tokens=false), but a
// special token's literal text inside the input, such as "<|im_start|>" or
// "<|endoftext|>", is matched as that one special token.
//
// The tokenizer.json encoder reproduces the reference implementation
// (transformers.js, as packaged in @lenml/tokenizers 3.7.2) token for token:
// added-token splitting (longest match, left to right), the normalizer (NFC),
// the Split pre-tokenizer with JavaScript regular-expression semantics, the
// byte-level alphabet and BPE merges by rank (with ignore_merges). The split
// patterns of Qwen2/3, Llama 3 and gpt-oss run on hand-written matchers that
// classify characters with the reference's Unicode tables (see
// unicode_tables.go); other patterns (DeepSeek's, GPT-2's) fall back to
// github.com/dlclark/regexp2. Besides the Qwen3 cases of the tests, the
// Llama 3, DeepSeek-V3 and gpt-oss files match the reference on the same
// corpus (testdata/gen_extra.mjs, TestExtraGolden).
//
// The o200k and cl100k encoders reproduce OpenAI's tiktoken (Rust), also
// with hand-written matchers for their split patterns; tiktoken-go supplies
// only the vocabularies, as its own encoder drops some characters (U+007F).
//
// testdata/golden.jsonl holds the reference ids of 562 varied texts for the
// four tokenizers, and testdata/gen_golden.mjs the node script that made
// them. Known limits: characters assigned after Unicode 15.0 may split
// differently for o200k/cl100k (Go's tables), and NFC uses Go's Unicode 15.0
// tables where the reference's node has 17.0.
//
// Counters are safe for concurrent use.
package tokenize
