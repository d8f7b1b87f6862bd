import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson } from "@/lib/http/body";
import { withApi } from "@/lib/http/route";
import { installHttpEdges } from "@/lib/http-edges";

// The keep-alive fault lives between Node's HTTP server and a route handler that stops reading a
// body, so this runs the real pieces: Node's server with our request hooks, the request built the
// way Next builds it (an undici Request whose body is the IncomingMessage), and withApi + readJson.
// tests/e2e/statuses.spec.ts checks the same against `next start`.

const echo = withApi(async ({ req }) => ({ got: await readJson(req, z.object({}).passthrough()) }));

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new NextRequest(`http://${req.headers.host ?? "localhost"}${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    ...(hasBody ? { body: req as unknown as ReadableStream, duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
  const response = req.url === "/ping" ? Response.json({ ok: true }) : await echo(request, { params: Promise.resolve({}) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

let server: http.Server;
let port: number;

beforeAll(async () => {
  installHttpEdges();
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Exchange = { responses: { status: number; connection: string | null; body: string }[]; closed: boolean; ms: number };

/** Sends `first`, then a GET /ping on the same socket once the first answer is in; collects what comes back. */
function twoRequests(first: (socket: net.Socket) => void, waitMs = 3000): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    let raw = "";
    let sentSecond = false;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(raw), closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
    socket.on("data", (chunk) => {
      raw += chunk.toString("latin1");
      const answers = parseResponses(raw);
      if (!sentSecond && answers.length === 1) {
        sentSecond = true;
        // A client that saw `Connection: close` must not reuse the socket; one that did not, may.
        if (answers[0]!.connection !== "close") socket.write("GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n");
      }
      if (answers.length === 2) finish(false);
    });
    first(socket);
  });
}

function parseResponses(raw: string): Exchange["responses"] {
  const out: Exchange["responses"] = [];
  for (const m of raw.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/g)) {
    const headers = m[2]!.toLowerCase();
    const connection = /^connection: *(.+)$/m.exec(headers)?.[1]?.trim() ?? null;
    out.push({ status: Number(m[1]), connection, body: "" });
  }
  return out;
}

const HEAD = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";

describe("a refused body does not poison the connection", () => {
  it("after a chunked body over the limit: 413 with Connection: close, and the socket is closed at once", async () => {
    const result = await twoRequests((socket) => {
      socket.write(`${HEAD}Transfer-Encoding: chunked\r\n\r\n`);
      // 200 KiB, over readJson's 64 KiB, and the terminating chunk never sent: the body is unfinished.
      for (let i = 0; i < 20; i++) socket.write(`2800\r\n${"x".repeat(0x2800)}\r\n`);
    });
    expect(result.responses.map((r) => [r.status, r.connection])).toEqual([[413, "close"]]);
    expect(result.closed).toBe(true);
    expect(result.ms).toBeLessThan(2000);
  });

  it("after a Content-Length over the limit (body not sent): 413 with Connection: close, and the socket is closed", async () => {
    const result = await twoRequests((socket) => socket.write(`${HEAD}Content-Length: ${10 * 1024 * 1024}\r\n\r\n{"a":`));
    expect(result.responses.map((r) => [r.status, r.connection])).toEqual([[413, "close"]]);
    expect(result.closed).toBe(true);
    expect(result.ms).toBeLessThan(2000);
  });

  it("a body read to its end keeps the connection: the next request is answered on the same socket", async () => {
    const body = JSON.stringify({ a: 1 });
    const result = await twoRequests((socket) => socket.write(`${HEAD}Content-Length: ${body.length}\r\n\r\n${body}`));
    expect(result.responses.map((r) => [r.status, r.connection])).toEqual([
      [200, "keep-alive"],
      [200, "keep-alive"],
    ]);
  });

  it("a complete body that is refused as invalid JSON still keeps the connection", async () => {
    const result = await twoRequests((socket) => socket.write(`${HEAD}Content-Length: 5\r\n\r\n{nope`));
    expect(result.responses.map((r) => [r.status, r.connection])).toEqual([
      [400, "keep-alive"],
      [200, "keep-alive"],
    ]);
  });
});
