import { randomBytes } from "node:crypto";

/** A multipart/form-data body as a browser sends it, and its Content-Type. */
export type Part = { name: string; filename?: string; type?: string; data: Buffer | string };

export function multipart(parts: Part[], boundary = `----invyta${randomBytes(8).toString("hex")}`) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += "\r\n";
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(p.data), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
