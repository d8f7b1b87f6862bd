import type { Writable } from "node:stream";

// A server's stdout and stderr are pipes to whoever reads its log: a log collector, a terminal, the
// bench that started it. When that reader goes away, every write fails with EPIPE, and a stream
// without an 'error' listener throws it as an uncaught exception. Next's server logs an uncaught
// exception to stderr, the same broken pipe, whose failure it logs again: a loop that held a core at
// 100% in servers whose parent had exited (seen in the bench lab, 1 Dec 2026: ~1,800 failed writes
// a second of "Error: write EPIPE"), while they went on answering requests. With a listener, a log
// stream that broke is dropped quietly: there is nowhere left to report its failure.

/** From now on a failed write to these streams (default: stdout and stderr) is ignored, not thrown. */
export function ignoreBrokenLogStreams(streams: Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) stream.on("error", () => {});
}
