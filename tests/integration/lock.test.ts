import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db, LockTimeout, withLock } from "@/lib/db";

// lib/db.ts withLock: a mutex in `locks` (unique _id insert, atomic on FerretDB and MongoDB) and a
// first-come, first-served queue of tickets in `lock_queue`.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function queueOf(key: string) {
  return (await db()).collection<{ _id: string }>("lock_queue").find({ _id: { $gt: `${key}|`, $lt: `${key}}` } }).toArray();
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe("withLock", () => {
  afterAll(closeDb);

  it("never lets two holders in at once: 20 read-then-write increments keep every update", async () => {
    const counters = (await db()).collection<{ _id: string; n: number }>("lock_counters");
    await counters.insertOne({ _id: "c", n: 0 });
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withLock("test:count", async () => {
          inside++;
          most = Math.max(most, inside);
          const doc = await counters.findOne({ _id: "c" });
          await sleep(2);
          await counters.updateOne({ _id: "c" }, { $set: { n: doc!.n + 1 } });
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect((await counters.findOne({ _id: "c" }))?.n).toBe(20);
    expect(await queueOf("test:count")).toEqual([]);
    expect(await (await db()).collection("locks").findOne({ _id: "test:count" } as never)).toBeNull();
  });

  it("serves waiters in the order they arrived", async () => {
    const first = gate();
    const entered: number[] = [];
    const holding = withLock("test:fifo", async () => {
      entered.push(-1);
      await first.opened;
    });
    await sleep(50);
    const waiters: Promise<void>[] = [];
    for (let i = 0; i < 8; i++) {
      waiters.push(withLock("test:fifo", async () => void entered.push(i)));
      // Each ticket is stored before the next waiter starts.
      await expect.poll(async () => (await queueOf("test:fifo")).length).toBe(i + 1);
    }
    first.open();
    await Promise.all([holding, ...waiters]);
    expect(entered).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await queueOf("test:fifo")).toEqual([]);
  });

  it("passes the ticket of a waiter that is gone (not refreshed), and removes it", async () => {
    const queue = (await db()).collection<{ _id: string; expires_at: Date }>("lock_queue");
    const dead = `test:dead|${String(Date.now() - 60_000).padStart(15, "0")}|000000|gone`;
    await queue.insertOne({ _id: dead, expires_at: new Date(Date.now() - 1000) });
    await expect(withLock("test:dead", async () => "in", { waitMs: 3_000 })).resolves.toBe("in");
    expect(await queueOf("test:dead")).toEqual([]);
  });

  it("waits behind a live ticket ahead, and takes over a crashed holder's lock once its lease is over", async () => {
    const queue = (await db()).collection<{ _id: string; expires_at: Date }>("lock_queue");
    const ahead = `test:live|${String(Date.now() - 1000).padStart(15, "0")}|000000|ahead`;
    await queue.insertOne({ _id: ahead, expires_at: new Date(Date.now() + 60_000) });
    await expect(withLock("test:live", async () => "in", { waitMs: 400 })).rejects.toBeInstanceOf(LockTimeout);
    await queue.deleteOne({ _id: ahead });

    const locks = (await db()).collection<{ _id: string; holder: string; expires_at: Date }>("locks");
    await locks.insertOne({ _id: "test:crashed", holder: "someone", expires_at: new Date(Date.now() - 1) });
    await expect(withLock("test:crashed", async () => "in", { waitMs: 3_000 })).resolves.toBe("in");
  });

  it("gives up after waitMs with a 409 and leaves no ticket behind", async () => {
    const release = gate();
    const holding = withLock("test:timeout", () => release.opened);
    await sleep(50);
    const err = await withLock("test:timeout", async () => "never", { waitMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeout);
    expect((err as LockTimeout).status).toBe(409);
    expect(await queueOf("test:timeout")).toEqual([]);
    release.open();
    await holding;
  });

  it("refuses a key that would break the queue's ranges", async () => {
    await expect(withLock("a|b", async () => 1)).rejects.toThrow(/may not contain/);
  });
});
