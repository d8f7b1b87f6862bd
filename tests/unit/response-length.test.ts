import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installResponseLength, RESPONSE_LENGTH_HEADER } from "@/lib/response-length";

let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real server whose handler sets headers the way Next's sendResponse does (setHeader, then streamed writes). */
async function serve(handler: http.RequestListener): Promise<string> {
  installResponseLength();
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** The raw response head as sent on the wire. */
async function rawHead(url: string): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ headers: res.headers, body }));
    }).on("error", reject);
  });
}

describe("installResponseLength", () => {
  it("turns the private header into Content-Length (no chunked encoding) and never sends the private header", async () => {
    const url = await serve((_req, res) => {
      res.setHeader(RESPONSE_LENGTH_HEADER, "11");
      res.write("hello ");
      res.end("world");
    });
    const { headers, body } = await rawHead(url);
    expect(body).toBe("hello world");
    expect(headers["content-length"]).toBe("11");
    expect(headers["transfer-encoding"]).toBeUndefined();
    expect(headers[RESPONSE_LENGTH_HEADER]).toBeUndefined();
  });

  it("ignores a value that is not a byte count, and leaves other headers alone", async () => {
    const url = await serve((_req, res) => {
      res.setHeader(RESPONSE_LENGTH_HEADER, "11; evil");
      res.setHeader("X-Other", "kept");
      res.write("hello ");
      res.end("world");
    });
    const { headers, body } = await rawHead(url);
    expect(body).toBe("hello world");
    expect(headers["content-length"]).toBeUndefined();
    expect(headers["transfer-encoding"]).toBe("chunked");
    expect(headers["x-other"]).toBe("kept");
  });
});
