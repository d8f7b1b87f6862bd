import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ignoreBrokenLogStreams } from "@/lib/log-streams";

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/**
 * A stream like a server's stdout once its log reader has gone: `next start` gets a socket pair for
 * a piped stdout, and here the reading end accepts the connection and closes it at once.
 */
async function streamWithoutReader(): Promise<Socket> {
  const reader = createServer((conn) => conn.destroy());
  reader.listen(0, "127.0.0.1");
  await once(reader, "listening");
  closers.push(() => reader.close());
  const stream = connect((reader.address() as AddressInfo).port, "127.0.0.1");
  await once(stream, "end");
  return stream;
}

describe("log streams whose reader went away", () => {
  it("a failed write is ignored instead of thrown as an uncaught exception (Next would log it to the same stream, and again)", async () => {
    const stream = await streamWithoutReader();
    ignoreBrokenLogStreams([stream]);
    const failures: Array<string | undefined> = [];
    // Without the listener the first failure reaches the process as an uncaught exception and fails this run.
    for (let i = 0; i < 50 && !stream.destroyed; i++) {
      stream.write("a log line\n", (err) => failures.push((err as NodeJS.ErrnoException | null | undefined)?.code));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(stream.destroyed).toBe(true);
    expect(failures.some((code) => code === "EPIPE" || code === "ECONNRESET")).toBe(true);
  });
});
