import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { MultipartReader, multipartBoundary } from "@/lib/media/multipart";
import { multipart, type Part } from "../support/multipart";

// The streaming multipart/form-data reader (busboy underneath) and the boundary of a Content-Type.

async function* chunksOf(data: Buffer, sizes: number[] | number) {
  let at = 0;
  let i = 0;
  while (at < data.length) {
    const size = typeof sizes === "number" ? sizes : sizes[i++ % sizes.length]!;
    yield new Uint8Array(data.subarray(at, at + size));
    at += size;
  }
}

async function readAll(data: Buffer, boundary: string, sizes: number[] | number) {
  const reader = new MultipartReader(chunksOf(data, sizes), boundary);
  const parts: { name: string | null; filename: string | null; type: string | null; body: Buffer }[] = [];
  for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
    const pieces: Buffer[] = [];
    for (let p = await reader.read(); p; p = await reader.read()) pieces.push(p);
    parts.push({ name: part.name, filename: part.filename, type: part.contentType, body: Buffer.concat(pieces) });
  }
  return parts;
}

const B = "----WebKitFormBoundaryX3b7";
const form = (...parts: Part[]) => multipart(parts, B).body;

describe("MultipartReader", () => {
  // Bytes that look almost like the delimiter, CRs and LFs, and a body ending in CRLF.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${B.slice(0, -1)}Y\r\n`),
    Buffer.from("\r\r\n\n--\r\n-"),
    Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)),
    Buffer.from(`--${B}`), // the boundary without the CRLF before it is content
    Buffer.from("\r\n"),
  ]);
  const data = form({ name: "caption", data: "hello\r\nworld" }, { name: "file", filename: "a b.jpg", type: "image/jpeg", data: tricky });

  it("reads every part whole, whatever the chunk sizes (boundaries split across chunks)", async () => {
    for (const sizes of [1, 2, 3, 7, 64, 1000, data.length, [1, 50, 3, 4096], [B.length, 1, B.length + 3]]) {
      const parts = await readAll(data, B, sizes);
      expect(parts.map((p) => p.name), `chunks ${sizes}`).toEqual(["caption", "file"]);
      expect(parts[0]!.body.toString()).toBe("hello\r\nworld");
      expect(parts[1]).toMatchObject({ filename: "a b.jpg", type: "image/jpeg" });
      expect(parts[1]!.body.equals(tricky), `chunks ${sizes}`).toBe(true);
    }
  });

  it("skips a preamble", async () => {
    const withPreamble = Buffer.from(`This is a preamble.\r\n${form({ name: "file", data: "x" }).toString("latin1")}`, "latin1");
    const parts = await readAll(withPreamble, B, 5);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.body.toString()).toBe("x");
  });

  it("does not take transport padding after a delimiter (busboy does not; no HTTP client sends it)", async () => {
    // RFC 2046 allows spaces between a delimiter and its CRLF; busboy then loses that part, so an
    // upload sent so finds no `file` field (400).
    const padded = Buffer.from(form({ name: "file", data: "x" }).toString("latin1").replace(`--${B}\r\n`, `--${B}  \t\r\n`), "latin1");
    expect(await readAll(padded, B, 5)).toEqual([]);
  });

  it("refuses a part with no headers (RFC 7578 requires a Content-Disposition; busboy calls it malformed), and reads an empty part", async () => {
    const empty = `--${B}\r\nContent-Disposition: form-data; name="file"; filename="e.bin"\r\n\r\n\r\n--${B}--`;
    const parts = await readAll(Buffer.from(empty), B, 3);
    expect(parts.map((p) => [p.name, p.body.toString()])).toEqual([["file", ""]]);
    const noHeaders = Buffer.from(`--${B}\r\n\r\nno headers\r\n${empty}`);
    await expect(readAll(noHeaders, B, 3)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/malformed header/) });
  });

  it("reports a body that ends before its closing delimiter, or that never had one", async () => {
    const cut = data.subarray(0, data.length - 30);
    await expect(readAll(cut, B, 100)).rejects.toThrow(/ended before/);
    await expect(readAll(Buffer.from("no boundary here at all"), B, 4)).rejects.toThrow(/boundary/);
    await expect(readAll(Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"\r\n`), B, 4)).rejects.toThrow(/ended before/);
  });

  it("reports an interrupted source as a 400, not a crash", async () => {
    async function* broken() {
      yield new Uint8Array(data.subarray(0, 200));
      throw new Error("socket hang up");
    }
    const reader = new MultipartReader(broken(), B);
    await reader.nextPart();
    let err: unknown;
    try {
      while (await reader.read());
      await reader.nextPart();
      while (await reader.read());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
  });

  it("finds no file field when there is none: nextPart() ends with null", async () => {
    const parts = await readAll(form({ name: "photo", filename: "a.jpg", data: "x" }), B, 10);
    expect(parts.map((p) => p.name)).toEqual(["photo"]);
  });

  it("limits headers and skipped data", async () => {
    const huge = Buffer.from(`--${B}\r\nX-Junk: ${"a".repeat(20_000)}\r\n\r\nx\r\n--${B}--`);
    await expect(readAll(huge, B, 1000)).rejects.toThrow(/too large a header/);
    const reader = new MultipartReader(chunksOf(form({ name: "junk", data: Buffer.alloc(2000) }, { name: "file", data: "x" }), 100), B, { maxSkippedBytes: 1000 });
    await reader.nextPart();
    await expect(reader.nextPart()).rejects.toMatchObject({ status: 413 });
  });

  it("limits a file part, the fields together, the number of parts and the whole body", async () => {
    const limited = (data: Buffer, limits: ConstructorParameters<typeof MultipartReader>[2]) => {
      const reader = new MultipartReader(chunksOf(data, 64), B, limits);
      return (async () => {
        for (let part = await reader.nextPart(); part; part = await reader.nextPart()) while (await reader.read());
      })();
    };
    const file = (n: number) => form({ name: "file", filename: "a.bin", data: Buffer.alloc(n, 1) });
    await expect(limited(file(1000), { maxFileBytes: 1000 })).resolves.toBeUndefined();
    await expect(limited(file(1001), { maxFileBytes: 1000 })).rejects.toMatchObject({ status: 413 });
    const fields = form({ name: "a", data: "x".repeat(600) }, { name: "b", data: "y".repeat(600) }, { name: "file", filename: "a.bin", data: "z" });
    await expect(limited(fields, { maxSkippedBytes: 1000 })).rejects.toMatchObject({ status: 413 });
    await expect(limited(fields, { maxSkippedBytes: 1200 })).resolves.toBeUndefined();
    const three = form({ name: "a", data: "1" }, { name: "b", data: "2" }, { name: "file", filename: "a.bin", data: "3" });
    await expect(limited(three, { maxParts: 2 })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/too many fields/) });
    await expect(limited(three, { maxParts: 3 })).resolves.toBeUndefined();
    // A preamble is skipped unread by busboy: the body as a whole is what bounds it.
    const preamble = Buffer.concat([Buffer.alloc(5000, 0x20), file(10)]);
    await expect(limited(preamble, { maxFileBytes: 1000, maxSkippedBytes: 1000 })).rejects.toMatchObject({ status: 413 });
    await expect(limited(preamble, { maxFileBytes: 5000, maxSkippedBytes: 1000 })).resolves.toBeUndefined();
  });

  it("pulls the body only as fast as the file is read (memory stays flat)", async () => {
    let pulled = 0;
    const body = form({ name: "file", filename: "big.bin", data: Buffer.alloc(8 * 1024 * 1024, 7) });
    async function* source() {
      for (let at = 0; at < body.length; at += 64 * 1024) {
        pulled += Math.min(64 * 1024, body.length - at);
        yield new Uint8Array(body.subarray(at, at + 64 * 1024));
      }
    }
    const reader = new MultipartReader(source(), B);
    expect((await reader.nextPart())?.filename).toBe("big.bin");
    expect((await reader.read())!.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(1024 * 1024);
    let read = 0;
    for (let piece = await reader.read(); piece; piece = await reader.read()) read += piece.length;
    expect(pulled).toBe(body.length);
    expect(read).toBeGreaterThan(8 * 1024 * 1024 - 64 * 1024);
  });

  it("reads a web stream (the request body): a failing one is a 400, cancel() cancels it", async () => {
    const data = form({ name: "file", filename: "a.bin", data: Buffer.alloc(300_000, 3) });
    const whole = MultipartReader.fromStream(new Blob([new Uint8Array(data)]).stream(), B);
    expect((await whole.nextPart())?.name).toBe("file");
    let size = 0;
    for (let piece = await whole.read(); piece; piece = await whole.read()) size += piece.length;
    expect(size).toBe(300_000);
    expect(await whole.nextPart()).toBeNull();

    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pulls++ === 0) return controller.enqueue(new Uint8Array(data.subarray(0, 1000)));
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.error(new Error("client aborted"));
      },
    });
    const cut = MultipartReader.fromStream(failing, B);
    expect((await cut.nextPart())?.name).toBe("file");
    // The error arrives before anyone reads the part: read() reports it (never an unhandled error).
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect((async () => { while (await cut.read()); })()).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/interrupted/) });

    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(data.subarray(0, 200)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const stopped = MultipartReader.fromStream(endless, B);
    await stopped.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelled).toBe(true);
  });

  it("reads the boundary from the Content-Type: 415 for another type, 400 without a boundary", () => {
    expect(multipartBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("Multipart/Form-Data;boundary=xyz")).toBe("xyz");
    const status = (ct: string | null) => {
      try {
        multipartBoundary(ct);
        return 200;
      } catch (e) {
        return (e as AppError).status;
      }
    };
    expect(status("application/json")).toBe(415);
    expect(status("image/jpeg")).toBe(415);
    expect(status(null)).toBe(415);
    expect(status("multipart/mixed; boundary=x")).toBe(415);
    expect(status("multipart/form-data")).toBe(400);
    expect(status("multipart/form-data; boundary=")).toBe(400);
    expect(status(`multipart/form-data; boundary=${"x".repeat(71)}`)).toBe(400);
  });

  it("decodes Content-Disposition parameters, preferring filename*", async () => {
    const partWith = async (disposition: string) => {
      const raw = Buffer.from(`--${B}\r\nContent-Disposition: ${disposition}\r\nContent-Type: image/jpeg\r\n\r\nx\r\n--${B}--\r\n`);
      const [part] = await readAll(raw, B, 7);
      return { name: part!.name, filename: part!.filename };
    };
    expect(await partWith('form-data; name="file"; filename="a \\"quoted\\" name.jpg"')).toEqual({ name: "file", filename: 'a "quoted" name.jpg' });
    expect((await partWith("form-data; name=file; filename=\"x.jpg\"; filename*=UTF-8''f%C3%AAte.jpg")).filename).toBe("fête.jpg");
    expect((await partWith('form-data; name="file"; filename="semi;colon.jpg"')).filename).toBe("semi;colon.jpg");
    // Browsers send a non-ASCII name as raw UTF-8; a path is left for cleanFileName.
    expect((await partWith('form-data; name="file"; filename="fête.jpg"')).filename).toBe("fête.jpg");
    expect((await partWith('form-data; name="file"; filename="C:\\\\me\\\\a.jpg"')).filename).toBe("C:\\me\\a.jpg");
  });
});

