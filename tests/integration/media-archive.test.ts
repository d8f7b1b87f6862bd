import { ObjectId } from "mongodb";
import yauzl from "yauzl";
import { beforeAll, describe, expect, it } from "vitest";
import { guest, owner, routes, setUpMediaEvent } from "./media-api-support";
import { addGuest, bytesOf, call, fakeMp4, jpeg, makeEvent, makePerson, uploadOk, type Handler, type Person } from "./media-support";
import { eventInput } from "../support/event-input";

// "Download all" (GET /api/v1/events/{id}/media/archive): the approved photos and videos as one
// zip, read back with yauzl. An event with no approved item gives an empty zip (documented in the
// route's declaration and the README), not a 404: the answer does not change meaning with the album.

setUpMediaEvent();

let archive: { GET: Handler };
beforeAll(async () => {
  archive = (await import("@/app/api/v1/events/[id]/media/archive/route")) as unknown as { GET: Handler };
});

const download = (id: string, person: Person | null) => call(archive.GET, "GET", { id }, { person });

type ZipEntry = { name: string; bytes: Buffer; method: number; date: Date };

/** Every entry of a zip, in order; yauzl checks sizes and CRCs as it reads, and refuses unsafe names (strictFileNames). */
function readZip(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, strictFileNames: true }, (err, file) => {
      if (err) return reject(err);
      const entries: ZipEntry[] = [];
      file.on("error", reject);
      file.on("end", () => resolve(entries));
      file.on("entry", (entry: yauzl.Entry) => {
        file.openReadStream(entry, (openErr, stream) => {
          if (openErr) return reject(openErr);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            // The DOS date fields as written: a wall-clock time, read without the machine's zone.
            entries.push({ name: entry.fileName, bytes: Buffer.concat(chunks), method: entry.compressionMethod, date: entry.getLastModDate({ timezone: "UTC" }) });
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

async function downloadZip(id: string, person: Person | null): Promise<ZipEntry[]> {
  const res = await download(id, person);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  return readZip(await bytesOf(res));
}

async function storedBytes(id: string, fileId: string): Promise<Buffer> {
  const res = await call(routes.file.GET, "GET", { id, file_id: fileId }, { person: owner });
  expect(res.status).toBe(200);
  return bytesOf(res);
}

async function setStatus(id: string, fileId: string, status: "approved" | "rejected") {
  const res = await call(routes.moderation.POST, "POST", { id, file_id: fileId }, { person: owner, json: { status } });
  expect(res.status).toBe(200);
}

async function filesCollection() {
  const { db } = await import("@/lib/db");
  return (await db()).collection<{ _id: ObjectId; uploadDate: Date; metadata: Record<string, unknown> }>("media.files");
}

/** The clock in `timeZone` at `date`, as UTC fields, to the 2 seconds a zip date holds. */
function wallClock(date: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(date);
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, Math.floor(p.second! / 2) * 2);
}

async function makeZonedEvent(title: string, timezone: string, isPrivate: boolean): Promise<string> {
  const { createEvent } = await import("@/lib/events/details");
  return (await createEvent(owner.user, eventInput({ title, timezone, is_private: isPrivate })))._id.toHexString();
}

describe("download all", () => {
  let event: string;
  /** What the archive must hold, in order: entry name → file id. */
  let expected: [string, string][];
  let excluded: string[];

  beforeAll(async () => {
    event = await makeZonedEvent("Fête / Summer: 2026", "America/New_York", true);
    await addGuest(event, guest, "attending");
    const up = (person: Person, data: Buffer, name: string, type?: string) => uploadOk(routes, event, person, data, name, type);
    const a = await up(owner, await jpeg(), "photo.jpg");
    const b = await up(owner, await jpeg(40, 40), "photo (2).jpg");
    const c = await up(owner, await jpeg(30, 20), "photo.jpg");
    const d = await up(owner, await jpeg(20, 30), "PHOTO.JPG");
    const clip = await up(owner, fakeMp4(2_500_000), "clip.mp4", "video/mp4");
    const legacy = await up(owner, await jpeg(10, 10), "legacy.jpg");
    // A name stored before uploads were cleaned: folders, a NUL and a bidi override.
    await (await filesCollection()).updateOne({ _id: new ObjectId(legacy) }, { $set: { "metadata.original_name": "..\\..\\evil/dir/na\u0000me\u202e:1.jpg" } });
    const fromGuest = await up(guest, await jpeg(12, 12), "guest.jpg");
    await setStatus(event, fromGuest, "approved");
    const pending = await up(guest, await jpeg(14, 14), "pending.jpg");
    const rejected = await up(guest, await jpeg(16, 16), "rejected.jpg");
    await setStatus(event, rejected, "rejected");
    expected = [
      ["photo.jpg", a],
      ["photo (2).jpg", b],
      ["photo (3).jpg", c],
      ["PHOTO (4).JPG", d],
      ["clip.mp4", clip],
      ["name_1.jpg", legacy],
      ["guest.jpg", fromGuest],
    ];
    excluded = [pending, rejected];
  });

  it("streams the approved items, oldest first, stored, with clean unique names, the stored bytes and the event's clock", async () => {
    const res = await download(event, owner);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="F_te - Summer_ 2026.zip"; filename*=UTF-8''F%C3%AAte%20-%20Summer_%202026.zip`);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const entries = await readZip(await bytesOf(res));

    expect(entries.map((e) => e.name)).toEqual(expected.map(([name]) => name));
    const files = await filesCollection();
    for (const [i, [name, fileId]] of expected.entries()) {
      const entry = entries[i]!;
      expect(entry.method, name).toBe(0);
      expect(entry.bytes.equals(await storedBytes(event, fileId)), name).toBe(true);
      const stored = await files.findOne({ _id: new ObjectId(fileId) });
      expect(entry.date.getTime(), name).toBe(wallClock(stored!.uploadDate, "America/New_York"));
    }
    // Pending and rejected items are not there, whatever their names.
    expect(entries).toHaveLength(expected.length);
    for (const fileId of excluded) {
      const bytes = await storedBytes(event, fileId);
      expect(entries.some((e) => e.bytes.equals(bytes))).toBe(false);
    }
  });

  it("is for whoever may see the approved items: guests going, not strangers (404) nor guests still waiting (403)", async () => {
    const asGuest = await downloadZip(event, guest);
    expect(asGuest.map((e) => e.name)).toEqual(expected.map(([name]) => name));

    const stranger = await makePerson("stranger");
    for (const person of [stranger, null]) {
      const res = await download(event, person);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
    const waiting = await makePerson("waiting");
    await addGuest(event, waiting, "pending");
    expect((await download(event, waiting)).status).toBe(403);
  });
});

describe("download all, other albums", () => {
  it("a public event's archive is for its guests and anyone signed out", async () => {
    const event = await makeEvent(owner, false);
    const photo = await uploadOk(routes, event, owner, await jpeg(), "party.jpg");
    const visitor = await makePerson("visitor");
    await addGuest(event, visitor, "attending");
    for (const person of [visitor, null]) {
      const entries = await downloadZip(event, person);
      expect(entries.map((e) => e.name)).toEqual(["party.jpg"]);
      expect(entries[0]!.bytes.equals(await storedBytes(event, photo))).toBe(true);
    }
  });

  it("an album without approved items is an empty zip", async () => {
    const event = await makeEvent(owner, true);
    await addGuest(event, guest, "attending");
    await uploadOk(routes, event, guest, await jpeg(), "waiting.jpg");
    const res = await download(event, owner);
    expect(res.status).toBe(200);
    const zip = await bytesOf(res);
    expect(zip.length).toBe(22); // the end-of-central-directory record alone
    expect(await readZip(zip)).toEqual([]);
  });

  it("pages through more files than one query reads", async () => {
    const event = await makeEvent(owner, true);
    const { db } = await import("@/lib/db");
    const { writeFile } = await import("@/lib/media/gridfs");
    // Stored directly (uploading 230 photos through the route would be slow): tiny "photos" with one name.
    const eventId = new ObjectId(event);
    const start = Date.now() - 3_600_000;
    for (let i = 0; i < 230; i++) {
      const id = new ObjectId();
      const metadata = { event_id: eventId, uploader_id: new ObjectId(owner.user.id), status: "approved", content_type: "image/jpeg", kind: "image", original_name: "IMG.jpg", moderated_by: null, moderated_at: null, size: 4 };
      await writeFile(id, "IMG.jpg", metadata, Buffer.from(`${i}`.padStart(4, "0")));
      // Several files share a millisecond: the keyset's _id breaks the ties.
      await (await db()).collection("media.files").updateOne({ _id: id }, { $set: { uploadDate: new Date(start + Math.floor(i / 3)) } });
    }
    const entries = await downloadZip(event, owner);
    expect(entries).toHaveLength(230);
    expect(entries.map((e) => e.bytes.toString())).toEqual(Array.from({ length: 230 }, (_, i) => `${i}`.padStart(4, "0")));
    expect(new Set(entries.map((e) => e.name.toLowerCase())).size).toBe(230);
    expect(entries.slice(0, 3).map((e) => e.name)).toEqual(["IMG.jpg", "IMG (2).jpg", "IMG (3).jpg"]);
  });

  it("fails the download, rather than sending wrong bytes, when a chunk is missing; and a client that leaves stops it", async () => {
    const event = await makeEvent(owner, true);
    const broken = await uploadOk(routes, event, owner, fakeMp4(2_500_000), "broken.mp4", "video/mp4");
    await uploadOk(routes, event, owner, fakeMp4(2_500_000), "after.mp4", "video/mp4");
    const { db } = await import("@/lib/db");
    const { chunkId } = await import("@/lib/media/gridfs");

    // A client that reads a little and goes away: the stream is cancelled without an error.
    const left = await download(event, owner);
    const reader = left.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    // The next download is whole.
    expect((await downloadZip(event, owner)).map((e) => e.name)).toEqual(["broken.mp4", "after.mp4"]);

    await (await db()).collection("media.chunks").deleteOne({ _id: chunkId(new ObjectId(broken), 1) as never });
    const res = await download(event, owner);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });
});
