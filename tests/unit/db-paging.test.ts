import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { afterKey, compositeKey, decodeCursor, encodeCursor, objectIdKey, pageOf, pageSize } from "@/lib/db/paging";
import { Invalid } from "@/lib/errors";

describe("the keyset cursor codec (lib/db/paging.ts)", () => {
  const at = new Date("2026-03-01T12:00:00.123Z");

  it("round-trips ObjectId keys and composite membership keys", () => {
    const id = new ObjectId();
    const oid = decodeCursor(encodeCursor(at, id), objectIdKey)!;
    expect(oid.at.getTime()).toBe(at.getTime());
    expect(oid.id.equals(id)).toBe(true);
    const member = `${new ObjectId().toHexString()}:${new ObjectId().toHexString()}`;
    expect(decodeCursor(encodeCursor(at, member), compositeKey)).toEqual({ at, id: member });
  });

  it("refuses what it did not make, naming the cursor field", () => {
    const hex = new ObjectId().toHexString();
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    for (const bad of ["nope", b64("1.xyz"), b64(`-1.${hex}`), b64(`1.5.${hex}`), b64(hex)]) {
      expect(() => decodeCursor(bad, objectIdKey)).toThrow(Invalid);
    }
    // A key of the wrong kind for the list is refused too.
    expect(() => decodeCursor(encodeCursor(at, `${hex}:${hex}`), objectIdKey)).toThrow(Invalid);
    expect(() => decodeCursor(encodeCursor(at, new ObjectId()), compositeKey)).toThrow(Invalid);
    expect(decodeCursor(undefined, objectIdKey)).toBeNull();
  });

  it("pages: the first `limit` rows, and a cursor only when there are more", () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({ _id: `r${i}`, at: new Date(1000 + i) }));
    const page = pageOf(rows, 3, (r) => r.at);
    expect(page.items.map((r) => r._id)).toEqual(["r0", "r1", "r2"]);
    expect(Buffer.from(page.next_cursor!, "base64url").toString()).toBe("1002.r2");
    expect(pageOf(rows, 4, (r) => r.at).next_cursor).toBeNull();
    expect([pageSize(undefined, 50, 100), pageSize(0, 50, 100), pageSize(1e9, 50, 100), pageSize(7.9, 50, 100)]).toEqual([50, 1, 100, 7]);
  });

  it("afterKey: a bounded range on the sort field, ties settled by _id", () => {
    const key = { at, id: "k" };
    expect(afterKey("created_at", key, 1)).toEqual({ created_at: { $gte: at }, $or: [{ created_at: { $gt: at } }, { _id: { $gt: "k" } }] });
    expect(afterKey("created_at", key, -1)).toEqual({ created_at: { $lte: at }, $or: [{ created_at: { $lt: at } }, { _id: { $lt: "k" } }] });
  });
});
