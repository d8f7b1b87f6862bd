import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy, { type FileInfo, type FieldInfo } from "busboy";
import { AppError, Invalid, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";

// multipart/form-data (RFC 7578), parsed by busboy as the bytes arrive, so an upload is never held
// whole in memory (`req.formData()` would buffer all of it). This turns busboy's events into a pull
// reader (nextPart, read) that answers with our errors. Pure: it reads any async iterable of bytes.

export type PartHeaders = {
  /** The form field name (Content-Disposition `name`). */
  name: string | null;
  /** The client's file name (`filename*` preferred over `filename`), unclean; null for a field. */
  filename: string | null;
  /** The part's media type, without parameters (`text/plain` when it names none, as RFC 7578 says). */
  contentType: string | null;
};

/**
 * A part's header block may have 16 KiB (busboy's fixed limit). The preamble and parts without a
 * form-data Content-Disposition are skipped by busboy unread: the whole body may have at most
 * maxFileBytes + maxSkippedBytes.
 */
export type MultipartLimits = {
  /** Bytes of one file part: past them it is refused (413). */
  maxFileBytes: number;
  /** Bytes of the fields (parts without a file name) together, plus those of the file parts that are skipped. */
  maxSkippedBytes: number;
  maxParts: number;
};

const DEFAULT_LIMITS: MultipartLimits = { maxFileBytes: Infinity, maxSkippedBytes: 1024 * 1024, maxParts: 50 };

const TOO_MUCH_BESIDES = "The form has too much data besides the file.";

/**
 * The boundary of a multipart/form-data Content-Type. Another type is a 415; multipart without a
 * usable boundary is a 400.
 */
export function multipartBoundary(contentType: string | null): string {
  const type = (contentType ?? "").trim();
  if (!/^multipart\/form-data\s*(;|$)/i.test(type)) {
    throw new UnsupportedMedia('Send the file as multipart/form-data, in a form field named "file".');
  }
  const value = /;\s*boundary\s*=\s*("(?:[^"\\]|\\[\s\S])*"|[^;]*)/i.exec(type)?.[1]?.trim() ?? "";
  const boundary = value.startsWith('"') ? value.slice(1, -1).replace(/\\([\s\S])/g, "$1") : value;
  // RFC 2046: 1–70 characters from a restricted set, not ending in a space.
  if (!/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new Invalid("The multipart/form-data body has no valid boundary.");
  }
  return boundary;
}

type Part = { headers: PartHeaders; chunks: AsyncIterator<Buffer>; overLimit: () => AppError | null };
/** What busboy has found, in order: parts, then how the body ended. */
type Found = { part: Part } | { end: AppError | null };

/** busboy's own errors (a malformed or cut-off body) as ours; ours (from the source) pass through. */
function appErrorOf(err: unknown, where: "file" | "form"): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Error && /header/i.test(err.message)) return new Invalid("A part of the multipart body has a malformed header, or too large a header.");
  if (where === "file") return new Invalid("The upload ended before the whole file arrived.");
  return new Invalid("The upload ended before the whole form arrived (its closing boundary is missing).");
}

/** The body as it arrives: a source that fails (the client went away) is a 400, one longer than `cap` a 413. */
async function* received(source: AsyncIterable<Uint8Array>, cap: number): AsyncGenerator<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  let total = 0;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch {
        // Nothing to log, nothing to keep.
        throw new Invalid("The upload was interrupted before the whole file arrived.");
      }
      if (next.done) return;
      total += next.value.byteLength;
      if (total > cap) throw new PayloadTooLarge(TOO_MUCH_BESIDES);
      yield next.value;
    }
  } finally {
    await chunks.return?.();
  }
}

export class MultipartReader {
  private readonly limits: MultipartLimits;
  private readonly source: AsyncIterable<Uint8Array>;
  private readonly input: Readable;
  private readonly found: Found[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private current: Part | null = null;
  private parts = 0;
  private skipped = 0;

  constructor(source: AsyncIterable<Uint8Array>, boundary: string, limits: Partial<MultipartLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.source = source;
    const { maxFileBytes, maxSkippedBytes, maxParts } = this.limits;
    this.input = Readable.from(received(source, maxFileBytes + maxSkippedBytes), { objectMode: false });
    const parser = busboy({
      // The boundary passed multipartBoundary's check, so it needs no escaping inside quotes.
      headers: { "content-type": `multipart/form-data; boundary="${boundary}"` },
      preservePath: true, // the caller cleans the name
      defParamCharset: "utf8", // browsers send a non-ASCII file name as raw UTF-8
      defCharset: "latin1", // one character per byte: a field's bytes come back exactly
      // busboy flags a value that reaches its limit; ours are the most a value may have.
      limits: { fileSize: maxFileBytes + 1, fieldSize: maxSkippedBytes + 1, parts: maxParts + 1 },
    });
    parser.on("file", (name: string, stream: Readable, info: FileInfo) => {
      let cut = false;
      stream.on("limit", () => (cut = true));
      // Its error reaches read() through the iterator; until someone reads, it must not go unhandled.
      stream.on("error", () => {});
      this.push({
        part: {
          headers: { name: name ?? null, filename: info.filename ?? null, contentType: info.mimeType },
          chunks: stream[Symbol.asyncIterator](),
          overLimit: () => (cut ? new PayloadTooLarge("The file is larger than any we take.") : null),
        },
      });
    });
    let fieldBytes = 0;
    parser.on("field", (name: string, value: string, info: FieldInfo) => {
      // Counted as they arrive, read or not.
      fieldBytes += value.length;
      const over = fieldBytes > maxSkippedBytes;
      const bytes = Buffer.from(value, "latin1");
      this.push({
        part: {
          headers: { name: name ?? null, filename: null, contentType: info.mimeType },
          chunks: (async function* () {
            if (bytes.length > 0) yield bytes;
          })(),
          overLimit: () => (over ? new PayloadTooLarge(TOO_MUCH_BESIDES) : null),
        },
      });
      // Fields after the file are never asked for: stop rather than hold more of them.
      if (over) parser.destroy(new PayloadTooLarge(TOO_MUCH_BESIDES));
    });
    pipeline(this.input, parser, (err) => {
      if (err) this.stopSource();
      this.push({ end: err ? appErrorOf(err, "form") : null });
    });
  }

  /** The request body (`Readable.fromWeb` reads it; cancelling the reader cancels it). */
  static fromStream(stream: ReadableStream<Uint8Array>, boundary: string, limits?: Partial<MultipartLimits>): MultipartReader {
    return new MultipartReader(Readable.fromWeb(stream as NodeReadableStream<Uint8Array>), boundary, limits);
  }

  private push(found: Found) {
    if (this.ended) return;
    if ("end" in found) this.ended = true;
    this.found.push(found);
    this.wake?.();
    this.wake = null;
  }

  private countSkipped(n: number) {
    this.skipped += n;
    if (this.skipped > this.limits.maxSkippedBytes) throw new PayloadTooLarge(TOO_MUCH_BESIDES);
  }

  /** Moves to the next part and returns its headers, skipping what is left of the current one; null after the last part. */
  async nextPart(): Promise<PartHeaders | null> {
    if (this.current) for (let piece = await this.read(); piece; piece = await this.read()) this.countSkipped(piece.length);
    while (this.found.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    const next = this.found[0]!;
    if ("end" in next) {
      if (next.end) throw next.end;
      return null;
    }
    this.found.shift();
    if (++this.parts > this.limits.maxParts) throw new Invalid("The form has too many fields.");
    this.current = next.part;
    return next.part.headers;
  }

  /** The next bytes of the current part's body, or null at its end. Ends early → 400; over a limit → 413. */
  async read(): Promise<Buffer | null> {
    const part = this.current;
    if (!part) return null;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await part.chunks.next();
      } catch (err) {
        this.current = null;
        throw appErrorOf(err, "file");
      }
      if (next.done) {
        this.current = null;
        const over = part.overLimit();
        if (over) throw over;
        return null;
      }
      if (next.value.length > 0) return next.value;
    }
  }

  /** Stops reading: the source is told to stop (e.g. the request body is cancelled). */
  async cancel(): Promise<void> {
    this.current = null;
    this.input.destroy();
    this.stopSource();
  }

  /** A stream source (the request body) is stopped at once, even while a read of it waits. */
  private stopSource() {
    if (this.source instanceof Readable) this.source.destroy();
  }
}
