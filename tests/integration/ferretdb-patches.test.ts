import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, ObjectId, type Collection, type Document } from "mongodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

// What the local server must promise for the code to be correct and fast, one block per patch in
// scripts/ferretdb-patches/. Each block fails against the stock FerretDB v1.24.2: run
// `INVYTA_FERRETDB_PATCHES=none npm run test:integration -- ferretdb-patches` to see it.
// The atomicity block holds on MongoDB too; the plan blocks read FerretDB's SQLite plan and skip
// elsewhere (discover-indexes.test.ts checks MongoDB's plans).

const uri = inject("mongoUri");
// Enough connections that every concurrent request below is really in flight at once.
const client = new MongoClient(uri, { maxPoolSize: 256, minPoolSize: 0 });
const db = client.db(`patches_${randomBytes(6).toString("hex")}`);
let ferret = false;

type Row = { _id: ObjectId | string; n: number; tag?: string; seats_left?: number; hits?: number };
let rows: Collection<Row>;
const ids = Array.from({ length: 200 }, () => new ObjectId());

beforeAll(async () => {
  const info = await db.admin().command({ buildInfo: 1 });
  ferret = Boolean(info.ferretdb ?? info.ferretdbVersion ?? /ferret/i.test(JSON.stringify(info)));
  rows = db.collection<Row>("rows");
  await rows.insertMany(ids.map((_id, n) => ({ _id, n, tag: n % 2 ? "odd" : "even" })));
  await rows.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `s:${n}`, n, tag: "str" })));
});

afterAll(async () => {
  await db.dropDatabase().catch(() => {});
  await client.close();
});

/** SQLite's EXPLAIN QUERY PLAN lines and FerretDB's pushdown flag for a find. */
async function plan(filter: Document): Promise<{ sqlite: string; pushdown: boolean }> {
  const explain = await rows.find(filter).explain("queryPlanner");
  return { sqlite: (explain.queryPlanner?.Plan ?? []).map(String).join("\n"), pushdown: Boolean(explain.filterPushdown ?? explain.queryPlanner?.filterPushdown) };
}

const indexSearch = /SEARCH .*USING INDEX/;

describe("patch 01: `_id` equality is served by SQLite's _id index", () => {
  it("an ObjectId and a string _id are index searches, not table scans", async (ctx) => {
    if (!ferret) return ctx.skip();
    for (const _id of [ids[7]!, "s:7"]) {
      const { sqlite } = await plan({ _id });
      expect(sqlite).toMatch(indexSearch);
      expect(sqlite).not.toMatch(/\bSCAN\b/);
    }
  });

  it("reads, updates and deletes by _id still find exactly their document", async () => {
    expect((await rows.findOne({ _id: ids[7]! }))?.n).toBe(7);
    expect((await rows.findOne({ _id: "s:7" }))?.n).toBe(7);
    expect((await rows.updateOne({ _id: ids[8]! }, { $set: { hits: 1 } })).modifiedCount).toBe(1);
    expect((await rows.findOne({ _id: ids[8]! }))?.hits).toBe(1);
    await rows.insertOne({ _id: "gone", n: -1 });
    expect((await rows.deleteOne({ _id: "gone" })).deletedCount).toBe(1);
    expect(await rows.findOne({ _id: "gone" })).toBeNull();
    expect(await rows.findOne({ _id: new ObjectId() })).toBeNull();
  });
});

describe("patch 02: the `_id` part of a larger filter is pushed down", () => {
  it("`{_id, other}` and `{_id: {$in}, other}` read through the _id index", async (ctx) => {
    if (!ferret) return ctx.skip();
    for (const filter of [{ _id: ids[3]!, tag: "odd" }, { _id: { $in: [ids[1]!, ids[2]!, "s:4"] }, n: { $gte: 0 } }, { _id: { $in: [ids[5]!] } }]) {
      const { sqlite, pushdown } = await plan(filter);
      expect(pushdown, JSON.stringify(filter)).toBe(true);
      expect(sqlite, JSON.stringify(filter)).toMatch(indexSearch);
    }
  });

  it("the rest of the filter still applies: results are exact", async () => {
    expect((await rows.find({ _id: ids[3]!, tag: "odd" }).toArray()).map((r) => r.n)).toEqual([3]);
    expect(await rows.find({ _id: ids[3]!, tag: "even" }).toArray()).toEqual([]);
    const found = await rows.find({ _id: { $in: [ids[1]!, ids[2]!, ids[4]!, "s:4", "missing"] }, tag: { $ne: "odd" } }).toArray();
    expect(found.map((r) => r.n).sort((a, b) => a - b)).toEqual([2, 4, 4]);
    expect(await rows.find({ _id: { $in: [] } }).toArray()).toEqual([]);
    // Ids of other types are not pushed down, and still found.
    await rows.insertOne({ _id: 42 as unknown as string, n: 42, tag: "num" });
    expect((await rows.find({ _id: { $in: [42 as unknown as string, ids[0]!] } }).toArray()).length).toBe(2);
    // A guarded update with `_id` next to a condition matches only when the condition holds.
    expect((await rows.updateOne({ _id: ids[9]!, tag: "even" }, { $set: { hits: 1 } })).matchedCount).toBe(0);
    expect((await rows.updateOne({ _id: ids[9]!, tag: "odd" }, { $set: { hits: 1 } })).matchedCount).toBe(1);
  });
});

describe("patch 03: single-document updates are atomic, as MongoDB promises", () => {
  it("50 concurrent guarded decrements on 10 seats: exactly 10 succeed, none below zero", async () => {
    const _id = `seats:${randomBytes(4).toString("hex")}`;
    await rows.insertOne({ _id, n: 0, seats_left: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => rows.findOneAndUpdate({ _id, seats_left: { $gt: 0 } }, { $inc: { seats_left: -1 } })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect((await rows.findOne({ _id }))?.seats_left).toBe(0);
  });

  it("200 concurrent $inc: +200", async () => {
    const _id = `hits:${randomBytes(4).toString("hex")}`;
    await rows.insertOne({ _id, n: 0, hits: 0 });
    await Promise.all(Array.from({ length: 200 }, () => rows.updateOne({ _id }, { $inc: { hits: 1 } })));
    expect((await rows.findOne({ _id }))?.hits).toBe(200);
  });

  it("30 concurrent guarded updateOne: the guard lets exactly one through", async () => {
    const _id = `once:${randomBytes(4).toString("hex")}`;
    await rows.insertOne({ _id, n: 0, tag: "open" });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => rows.updateOne({ _id, tag: "open" }, { $set: { tag: `taken-${i}` } })));
    expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(1);
  });

  it("20 concurrent findOneAndDelete of one document: exactly one gets it", async () => {
    const _id = `del:${randomBytes(4).toString("hex")}`;
    await rows.insertOne({ _id, n: 0 });
    const results = await Promise.all(Array.from({ length: 20 }, () => rows.findOneAndDelete({ _id })));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });
});

describe("patch 04: a release build keeps no leak-tracking profiles", () => {
  // Stock FerretDB records every cursor, iterator and row set in a pprof profile, with a stack trace
  // and a finalizer (~15% of a query's CPU); that is a debug-build check. The profiles show up in
  // the debug server's pprof index, so a server of our build with a debug address tells.
  it("after queries, the pprof index lists no FerretDB/ profiles", async (ctx) => {
    if (!ferret) return ctx.skip();
    const { FERRETDB_BIN, freePort } = await import("../../scripts/local-db.mjs");
    const dir = mkdtempSync(join(tmpdir(), "invyta-patch04-"));
    mkdirSync(join(dir, "sqlite"));
    const [port, debugPort] = [await freePort(), await freePort()];
    const server = spawn(FERRETDB_BIN, [
      "--handler=sqlite",
      `--sqlite-url=file:${join(dir, "sqlite")}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      "--telemetry=disable",
      `--debug-addr=127.0.0.1:${debugPort}`,
      "--log-level=error",
    ]);
    const own = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 15_000 });
    try {
      const coll = own.db("p04").collection<{ _id: number }>("c");
      await coll.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i })));
      expect(await coll.find({ _id: { $gte: 5 } }).toArray()).toHaveLength(15);
      const index = await (await fetch(`http://127.0.0.1:${debugPort}/debug/pprof/`)).text();
      expect(index).toContain("goroutine"); // the index itself answered
      expect(index).not.toMatch(/FerretDB\//);
    } finally {
      await own.close();
      server.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("patch 05: stored documents are decoded by goccy/go-json", () => {
  // FerretDB keeps each document as JSON with a type schema (its "SJSON") and decoded it with
  // encoding/json, a third of the server's CPU on a point read of an event. goccy/go-json is a
  // drop-in replacement: the same API and results, about twice as fast here. Only speed changes,
  // which a test must not time, so this block checks that the binary has it, and that every type the
  // app stores comes back exactly.
  it("the server binary is built with github.com/goccy/go-json", async (ctx) => {
    if (!ferret) return ctx.skip();
    const { FERRETDB_BIN } = await import("../../scripts/local-db.mjs");
    let modules: string;
    try {
      modules = execFileSync("go", ["version", "-m", FERRETDB_BIN], { encoding: "utf8" });
    } catch {
      return ctx.skip(); // no Go here: the binary was not built on this machine
    }
    expect(modules).toContain("github.com/FerretDB/FerretDB");
    expect(modules).toMatch(/\bdep\s+github\.com\/goccy\/go-json\s/);
  });

  it("every BSON type the app stores round-trips exactly", async () => {
    const { Binary, Double, Int32, Long } = await import("mongodb");
    const typed = db.collection("typed");
    const doc = {
      _id: new ObjectId(),
      int32: new Int32(-2147483648),
      long: Long.fromString("9007199254740993"),
      double: new Double(0.1),
      whole: new Double(3),
      huge: 1.7976931348623157e308,
      tiny: 5e-324,
      negative: -42.5,
      at: new Date("2026-11-30T04:05:06.789Z"),
      before1970: new Date("1969-07-20T20:17:40Z"),
      yes: true,
      none: null,
      text: 'Quotes " and \\ backslash, <script>&amp; \u2028 line sep, emoji 🎉, ü, 中文, \t tab',
      empty: "",
      bytes: new Binary(Buffer.from([0, 1, 2, 255, 254])),
      nested: { list: [1, "two", { three: [3], none: [] }, {}], "ключ": "значение", "with space": 1 },
      ids: [new ObjectId(), new ObjectId()],
    };
    await typed.insertOne(doc);
    const back = await typed.findOne({ _id: doc._id }, { promoteValues: false, promoteLongs: false, promoteBuffers: false });
    expect(back).not.toBeNull();
    expect(Object.keys(back!)).toEqual(Object.keys(doc));
    expect(back!.int32).toEqual(doc.int32);
    expect((back!.long as InstanceType<typeof Long>).toString()).toBe("9007199254740993");
    for (const key of ["double", "whole", "huge", "tiny", "negative"] as const) {
      expect((back![key] as InstanceType<typeof Double>).valueOf(), key).toBe(Number(doc[key].valueOf()));
      expect((back![key] as { _bsontype?: string })._bsontype, key).toBe("Double");
    }
    const plain = await typed.findOne({ _id: doc._id });
    expect(plain).toEqual({ ...doc, int32: -2147483648, long: doc.long, double: 0.1, whole: 3, bytes: plain!.bytes });
    expect(Buffer.from((plain!.bytes as InstanceType<typeof Binary>).buffer)).toEqual(Buffer.from([0, 1, 2, 255, 254]));
  });
});
