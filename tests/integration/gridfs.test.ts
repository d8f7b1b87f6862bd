import { createHash, randomBytes } from "node:crypto";
import { GridFSBucket, ObjectId } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db/client";
import { CHUNK_SIZE, chunkId, deleteFile, FileWriter, filesCollection, MEDIA_BUCKET, openFileStream, readFile, writeFile } from "@/lib/media/gridfs";

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function chunks() {
  return (await db()).collection(`${MEDIA_BUCKET}.chunks`);
}

describe("media storage in GridFS layout on the local server", () => {
  afterAll(closeDb);

  it("stores 5 MB written in odd pieces, reads it back byte-identical and by ranges, and deletes every chunk", async () => {
    const data = randomBytes(5 * CHUNK_SIZE + 12_345);
    const id = new ObjectId();
    const writer = new FileWriter(id, "smoke.bin", { purpose: "smoke" });
    for (let at = 0; at < data.length; at += 700_001) await writer.write(data.subarray(at, at + 700_001));
    expect(await writer.end()).toBe(data.length);

    const file = await (await filesCollection()).findOne({ _id: id });
    expect(file).toMatchObject({ length: data.length, chunkSize: CHUNK_SIZE, filename: "smoke.bin", metadata: { purpose: "smoke" } });
    // Deterministic chunk ids, read one by one by _id; the GridFS fields are there too.
    const stored = await (await chunks()).find({ files_id: id }).sort({ n: 1 }).toArray();
    expect(stored.map((c) => c._id)).toEqual([0, 1, 2, 3, 4, 5].map((n) => chunkId(id, n)));
    expect(stored.map((c) => c.n)).toEqual([0, 1, 2, 3, 4, 5]);

    expect(sha(await collect(readFile(file!)))).toBe(sha(data));
    // Ranges (end exclusive): inside one chunk, across two, across several, the last bytes, one byte.
    for (const [start, end] of [
      [10, 20],
      [CHUNK_SIZE - 5, CHUNK_SIZE + 5],
      [1_000_000, 3_300_000],
      [data.length - 10, data.length],
      [CHUNK_SIZE, CHUNK_SIZE + 1],
    ] as const) {
      expect((await collect(openFileStream(file!, { start, end }))).equals(data.subarray(start, end))).toBe(true);
    }
    expect((await collect(readFile(file!, 50, 50))).length).toBe(0);

    // The driver's own GridFS reader takes what we wrote, byte for byte.
    const bucket = new GridFSBucket(await db(), { bucketName: MEDIA_BUCKET });
    expect(sha(await collect(bucket.openDownloadStream(id)))).toBe(sha(data));

    await deleteFile(id);
    expect(await (await chunks()).countDocuments({ files_id: id })).toBe(0);
    expect(await (await filesCollection()).findOne({ _id: id })).toBeNull();
  });

  it("reads files the driver's GridFSBucket wrote (ObjectId chunk ids, 255 KiB chunks), as the original system stored them", async () => {
    const bucket = new GridFSBucket(await db(), { bucketName: MEDIA_BUCKET });
    const data = randomBytes(1_000_000);
    const upload = bucket.openUploadStream("legacy.bin");
    await new Promise<void>((resolve, reject) => {
      upload.once("finish", () => resolve()).once("error", reject);
      upload.end(data);
    });
    const file = await (await filesCollection()).findOne({ _id: upload.id as ObjectId });
    expect(file?.chunkSize).toBe(255 * 1024);
    expect(sha(await collect(readFile(file!)))).toBe(sha(data));
    expect((await collect(readFile(file!, 300_000, 600_000))).equals(data.subarray(300_000, 600_000))).toBe(true);
    await deleteFile(file!._id);
    expect(await (await chunks()).countDocuments({ files_id: file!._id })).toBe(0);
  });

  it("fails the stream on a missing or short chunk instead of sending short data", async () => {
    const data = randomBytes(2 * CHUNK_SIZE + 10);
    const id = new ObjectId();
    await writeFile(id, "broken.bin", {}, data);
    const file = (await (await filesCollection()).findOne({ _id: id }))!;
    await (await chunks()).deleteOne({ _id: chunkId(id, 1) } as never);
    await expect(collect(readFile(file))).rejects.toThrow(/Chunk 1 .* is missing/);
    // The first chunk alone is still readable.
    expect((await collect(readFile(file, 0, 100))).equals(data.subarray(0, 100))).toBe(true);
    await deleteFile(id);
  });

  it("abort() removes the chunks already stored and no files document appears", async () => {
    const id = new ObjectId();
    const writer = new FileWriter(id, "cut.bin", {});
    await writer.write(randomBytes(3 * CHUNK_SIZE));
    expect(await (await chunks()).countDocuments({ files_id: id })).toBe(3);
    await writer.abort();
    expect(await (await chunks()).countDocuments({ files_id: id })).toBe(0);
    expect(await (await filesCollection()).findOne({ _id: id })).toBeNull();
  });
});
