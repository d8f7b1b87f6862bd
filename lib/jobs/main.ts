// `npm run worker`: the job worker as a process of its own (no web server). Stops cleanly on
// SIGINT/SIGTERM: the job under way finishes, the rest stay queued for the next worker.
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startJobs, stopJobs } from "./worker";

async function main() {
  env();
  await db();
  await startJobs();
  console.info("[invyta] job worker running (Ctrl-C to stop)");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.info(`[invyta] ${signal}: finishing the job under way`);
      void stopJobs().then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  console.error(`[invyta] job worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
