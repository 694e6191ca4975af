// A client of govrules serve in another language, as a budget platform would call it:
// Node 20, its built-in fetch only. Usage: node client.mjs BASE_URL SUBMISSION.yaml TOKEN
// Prints one JSON object with what it saw; the Python test checks it.
import { readFileSync } from "node:fs";

const [base, file, token] = process.argv.slice(2);
const auth = { Authorization: `Bearer ${token}` };
const seen = {};

const list = await fetch(`${base}/v1/rulesets`, { headers: auth });
seen.list = { status: list.status, names: (await list.json()).rulesets.map((r) => r.name).sort() };

const name = encodeURIComponent("绩效监控审核");
const evaluated = await fetch(`${base}/v1/rulesets/${name}/evaluate?file=client.yaml`, {
  method: "POST",
  headers: { ...auth, "Content-Type": "application/yaml" },
  body: readFileSync(file),
});
const result = await evaluated.json();
seen.evaluate = {
  status: evaluated.status,
  format_version: result.format_version,
  total: result.result.total,
  rules_hash: result.result.rules_hash,
  sections: result.result.sections.map((s) => [s.name, s.points]),
};

const unauthorized = await fetch(`${base}/v1/rulesets`);
const refusal = await unauthorized.json();
seen.unauthorized = { status: unauthorized.status, code: refusal.errors[0].code, zh: refusal.errors[0].message.zh };

const broken = await fetch(`${base}/v1/rulesets/${name}/evaluate`, {
  method: "POST",
  headers: { ...auth, "Content-Type": "application/json" },
  body: '{"表类型": "绩效监控情况表"}',
});
const diagnostics = await broken.json();
seen.broken = { status: broken.status, codes: diagnostics.errors.map((e) => e.code), paths: diagnostics.errors.map((e) => e.path ?? null) };

// a batch, read as a stream of lines
const line = JSON.stringify({ "表类型": "绩效监控情况表", "项目名称": "x" });
const batch = await fetch(`${base}/v1/rulesets/${name}/batch`, {
  method: "POST",
  headers: { ...auth, "Content-Type": "application/x-ndjson" },
  body: `${line}\nnot json\n`,
});
const records = [];
const decoder = new TextDecoder();
let pending = "";
for await (const chunk of batch.body) {
  pending += decoder.decode(chunk, { stream: true });
  const lines = pending.split("\n");
  pending = lines.pop();
  for (const l of lines) if (l.trim()) records.push(JSON.parse(l));
}
seen.batch = { status: batch.status, lines: records.map((r) => [r.line, r.result ? "result" : r.errors[0].code]) };

console.log(JSON.stringify(seen));
