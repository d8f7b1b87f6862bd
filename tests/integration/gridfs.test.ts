import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db";
import { MEDIA_BUCKET, mediaBucket } from "@/lib/media/gridfs";

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe("GridFS on the local server", () => {
  afterAll(closeDb);

  it("stores 5 MB, reads it back byte-identical and by range, and deletes every chunk", async () => {
    const bucket = await mediaBucket();
    const data = randomBytes(5 * 1024 * 1024);
    const upload = bucket.openUploadStream("smoke.bin", { metadata: { purpose: "smoke" } });
    await new Promise<void>((resolve, reject) => {
      upload.once("finish", () => resolve()).once("error", reject);
      upload.end(data);
    });

    const [file] = await bucket.find({ _id: upload.id }).toArray();
    expect(file?.length).toBe(data.length);
    expect(file?.metadata).toEqual({ purpose: "smoke" });

    const back = await collect(bucket.openDownloadStream(upload.id));
    expect(createHash("sha256").update(back).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));

    // GridFS `end` is exclusive; HTTP ranges are inclusive, so bytes 1_000_000–1_299_999 here.
    const range = await collect(bucket.openDownloadStream(upload.id, { start: 1_000_000, end: 1_300_000 }));
    expect(range.equals(data.subarray(1_000_000, 1_300_000))).toBe(true);
    // A range that crosses no chunk boundary and one at the very end.
    const tail = await collect(bucket.openDownloadStream(upload.id, { start: data.length - 10, end: data.length }));
    expect(tail.equals(data.subarray(data.length - 10))).toBe(true);

    await bucket.delete(upload.id);
    const chunks = (await db()).collection(`${MEDIA_BUCKET}.chunks`);
    expect(await chunks.countDocuments({ files_id: upload.id })).toBe(0);
    expect(await bucket.find({ _id: upload.id }).toArray()).toEqual([]);
  });
});
