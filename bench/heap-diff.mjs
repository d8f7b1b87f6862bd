// Compares two V8 heap snapshots (bench/soak-memory.mjs with SOAK_SNAPSHOTS=1 writes them to
// bench/.out/soak/): objects grouped by type and constructor name, with their count and self size in
// each, largest growth first. A leak shows up as a group that grows with the requests served; a
// bounded cache as one that stops growing at its bound.
//
//   node bench/heap-diff.mjs bench/.out/soak/invyta-before.heapsnapshot bench/.out/soak/invyta-after.heapsnapshot [rows]
//
// Strings are grouped by type alone (their "name" is their text), as are compiled code and V8's
// hidden internals; everything else by "<type> <name>" (an object's name is its constructor's).
import { readFileSync } from "node:fs";

const [beforeFile, afterFile, rowsArg = "25"] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error("usage: node bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> [rows]");
  process.exit(2);
}

const GROUP_BY_TYPE_ONLY = new Set(["string", "concatenated string", "sliced string", "code", "hidden", "number", "symbol", "bigint"]);

/** Count and self size by group, and the totals. */
function groups(file) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(file, "utf8"));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[fields.indexOf("type")];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const out = new Map();
  let count = 0;
  let size = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    const key = GROUP_BY_TYPE_ONLY.has(type) ? `(${type})` : `${type} ${strings[nodes[i + nameAt]]}`;
    const g = out.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += nodes[i + sizeAt];
    out.set(key, g);
    count += 1;
    size += nodes[i + sizeAt];
  }
  return { out, count, size };
}

const kib = (bytes) => (bytes / 1024).toFixed(0);
const a = groups(beforeFile);
const b = groups(afterFile);
const keys = new Set([...a.out.keys(), ...b.out.keys()]);
const rows = [...keys]
  .map((key) => {
    const x = a.out.get(key) ?? { count: 0, size: 0 };
    const y = b.out.get(key) ?? { count: 0, size: 0 };
    return { key, count: [x.count, y.count], size: [x.size, y.size], dSize: y.size - x.size };
  })
  .sort((p, q) => q.dSize - p.dSize)
  .slice(0, Number(rowsArg));

console.log(`total: ${a.count} → ${b.count} objects, ${kib(a.size)} → ${kib(b.size)} KiB (${kib(b.size - a.size)} KiB more)\n`);
console.log("| group | count before → after | self KiB before → after | Δ KiB |");
console.log("|---|--:|--:|--:|");
for (const r of rows) console.log(`| ${r.key.slice(0, 80).replace(/\|/g, "\\|")} | ${r.count[0]} → ${r.count[1]} | ${kib(r.size[0])} → ${kib(r.size[1])} | ${kib(r.dSize)} |`);
