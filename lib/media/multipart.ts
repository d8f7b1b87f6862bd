import { Invalid, PayloadTooLarge, UnsupportedMedia } from "@/lib/errors";

// A small streaming multipart/form-data reader (RFC 7578 / RFC 2046): parts are read as their bytes
// arrive, so an upload is never held whole in memory (`req.formData()` would buffer all of it).
// Pure: it reads any async iterator of byte chunks.

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export type PartHeaders = {
  /** The form field name (Content-Disposition `name`). */
  name: string | null;
  /** The client's file name (`filename*` preferred over `filename`), unclean. */
  filename: string | null;
  contentType: string | null;
  headers: Record<string, string>;
};

export type MultipartLimits = {
  /** Bytes of one part's header block. */
  maxHeaderBytes: number;
  /** Bytes before the first delimiter plus bytes of parts that are skipped. */
  maxSkippedBytes: number;
  maxParts: number;
};

const DEFAULT_LIMITS: MultipartLimits = { maxHeaderBytes: 16 * 1024, maxSkippedBytes: 1024 * 1024, maxParts: 50 };

/**
 * The boundary of a multipart/form-data Content-Type. Another type is a 415; multipart without a
 * usable boundary is a 400.
 */
export function multipartBoundary(contentType: string | null): string {
  const type = (contentType ?? "").trim();
  if (!/^multipart\/form-data\s*(;|$)/i.test(type)) {
    throw new UnsupportedMedia('Send the file as multipart/form-data, in a form field named "file".');
  }
  const boundary = parseHeaderParams(type).params.boundary;
  // RFC 2046: 1–70 characters from a restricted set, not ending in a space.
  if (!boundary || !/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new Invalid("The multipart/form-data body has no valid boundary.");
  }
  return boundary;
}

/** `type; a=1; b="two; three"` → the type and its parameters (names lower-cased; RFC 5987 `name*` decoded). */
export function parseHeaderParams(value: string): { type: string; params: Record<string, string> } {
  const semi = value.indexOf(";");
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const extended: Record<string, string> = {};
  const re = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\[\s\S])*"|[^;]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1]!.toLowerCase();
    let raw = m[2]!.trim();
    if (raw.startsWith('"')) raw = raw.slice(1, -1).replace(/\\([\s\S])/g, "$1");
    if (key.endsWith("*")) {
      const decoded = decodeRfc5987(raw);
      if (decoded !== null) extended[key.slice(0, -1)] = decoded;
    } else if (!(key in params)) {
      params[key] = raw;
    }
  }
  return { type, params: { ...params, ...extended } };
}

function decodeRfc5987(value: string): string | null {
  const m = /^([\w!#$%&+^`{}~-]*)'[\w-]*'(.*)$/.exec(value);
  if (!m) return null;
  const charset = m[1]!.toLowerCase();
  try {
    if (charset === "utf-8" || charset === "") return decodeURIComponent(m[2]!);
    if (charset === "iso-8859-1") return m[2]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return null;
  }
  return null;
}

function parseHeaderBlock(block: Buffer): PartHeaders {
  const headers: Record<string, string> = {};
  for (const line of block.toString("utf8").split("\r\n")) {
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Invalid("A part of the multipart body has a malformed header.");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const disposition = headers["content-disposition"];
  const params = disposition ? parseHeaderParams(disposition).params : {};
  return {
    name: params.name ?? null,
    filename: params.filename ?? null,
    contentType: headers["content-type"] ?? null,
    headers,
  };
}

type State = "preamble" | "delimiter" | "body" | "end";

export class MultipartReader {
  private readonly delimiter: Buffer;
  private readonly limits: MultipartLimits;
  /** Unconsumed input. It starts with CRLF so that the first delimiter looks like every other one. */
  private buf: Buffer = Buffer.from(CRLF);
  private exhausted = false;
  private state: State = "preamble";
  private skipped = 0;
  private parts = 0;

  constructor(
    private readonly source: AsyncIterator<Uint8Array>,
    boundary: string,
    limits: Partial<MultipartLimits> = {},
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, "latin1");
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  static fromStream(stream: ReadableStream<Uint8Array>, boundary: string, limits?: Partial<MultipartLimits>): MultipartReader {
    const reader = stream.getReader();
    const source: AsyncIterator<Uint8Array> = {
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
      return: async () => {
        await reader.cancel().catch(() => {});
        return { done: true, value: undefined };
      },
    };
    return new MultipartReader(source, boundary, limits);
  }

  /** Reads one more chunk of input; false once the input has ended. */
  private async fill(): Promise<boolean> {
    if (this.exhausted) return false;
    let next: IteratorResult<Uint8Array>;
    try {
      next = await this.source.next();
    } catch {
      // The client went away or the connection broke: nothing to log, nothing to keep.
      throw new Invalid("The upload was interrupted before the whole file arrived.");
    }
    const { done, value } = next;
    if (done) {
      this.exhausted = true;
      return false;
    }
    if (value.byteLength > 0) {
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    }
    return true;
  }

  private truncated(): never {
    throw new Invalid("The upload ended before the whole file arrived.");
  }

  private countSkipped(n: number) {
    this.skipped += n;
    if (this.skipped > this.limits.maxSkippedBytes) throw new PayloadTooLarge("The form has too much data besides the file.");
  }

  /** Moves to the next part and returns its headers, skipping what is left of the current one; null after the last part. */
  async nextPart(): Promise<PartHeaders | null> {
    if (this.state === "body") {
      for (let piece = await this.read(); piece; piece = await this.read()) this.countSkipped(piece.length);
    }
    if (this.state === "end") return null;
    if (this.state === "preamble") {
      for (;;) {
        const at = this.buf.indexOf(this.delimiter);
        if (at >= 0) {
          this.countSkipped(at);
          this.buf = this.buf.subarray(at);
          break;
        }
        const keep = this.delimiter.length - 1;
        if (this.buf.length > keep) {
          this.countSkipped(this.buf.length - keep);
          this.buf = this.buf.subarray(this.buf.length - keep);
        }
        if (!(await this.fill())) throw new Invalid("The multipart body does not contain its boundary.");
      }
      this.state = "delimiter";
    }
    // At a delimiter: "--" closes the body; otherwise optional padding, CRLF, then headers.
    while (this.buf.length < this.delimiter.length + 2) if (!(await this.fill())) this.truncated();
    let at = this.delimiter.length;
    if (this.buf[at] === 0x2d && this.buf[at + 1] === 0x2d) {
      this.state = "end";
      this.buf = Buffer.alloc(0);
      return null;
    }
    for (;;) {
      while (at >= this.buf.length) if (!(await this.fill())) this.truncated();
      const c = this.buf[at];
      if (c !== 0x20 && c !== 0x09) break;
      at++;
      if (at > this.delimiter.length + 64) throw new Invalid("The multipart body is malformed.");
    }
    while (this.buf.length < at + 2) if (!(await this.fill())) this.truncated();
    if (this.buf[at] !== 0x0d || this.buf[at + 1] !== 0x0a) throw new Invalid("The multipart body is malformed.");
    this.buf = this.buf.subarray(at + 2);

    if (++this.parts > this.limits.maxParts) throw new Invalid("The form has too many fields.");
    // The header block ends at an empty line; a part may have no headers at all.
    let headerEnd: number;
    let skip: number;
    for (;;) {
      if (this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a) {
        headerEnd = 0;
        skip = 2;
        break;
      }
      const end = this.buf.indexOf(HEADER_END);
      if (end >= 0) {
        headerEnd = end;
        skip = end + HEADER_END.length;
        break;
      }
      if (this.buf.length > this.limits.maxHeaderBytes) throw new Invalid("A part of the multipart body has too large a header.");
      if (!(await this.fill())) this.truncated();
    }
    if (headerEnd > this.limits.maxHeaderBytes) throw new Invalid("A part of the multipart body has too large a header.");
    const headers = parseHeaderBlock(this.buf.subarray(0, headerEnd));
    this.buf = this.buf.subarray(skip);
    this.state = "body";
    return headers;
  }

  /** The next bytes of the current part's body, or null at its end. Ends early (no delimiter) → 400. */
  async read(): Promise<Buffer | null> {
    if (this.state !== "body") return null;
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at === 0) {
        this.state = "delimiter";
        return null;
      }
      if (at > 0) {
        const out = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at);
        return out;
      }
      // The tail might be the start of a delimiter split across chunks: keep it for the next read.
      const safe = this.buf.length - (this.delimiter.length - 1);
      if (safe > 0) {
        const out = this.buf.subarray(0, safe);
        this.buf = this.buf.subarray(safe);
        return out;
      }
      if (!(await this.fill())) this.truncated();
    }
  }

  /** Stops reading: the source is told to stop (e.g. the request body is cancelled). */
  async cancel(): Promise<void> {
    this.state = "end";
    await this.source.return?.();
  }
}
