import { installSocketIpHeader } from "@/lib/client-ip";
import { db } from "@/lib/db/client";
import { env, EnvError } from "@/lib/env";
import { installHttpEdges } from "@/lib/http-edges";
import { installSharedPages } from "@/lib/http/shared-pages/serve";
import { startJobs } from "@/lib/jobs/worker";
import { ignoreBrokenLogStreams } from "@/lib/log-streams";
import { warnAboutMallocArenas } from "@/lib/malloc-arenas";
import { installOutageStatus } from "@/lib/outages";
import { installResponseLength } from "@/lib/response-length";
import { installSecurityHeaders } from "@/lib/response-security";

/** Server start (Node runtime): stop on a bad environment; create indexes before the first request. */
export async function startServer() {
  ignoreBrokenLogStreams();
  installSocketIpHeader();
  installResponseLength();
  installHttpEdges();
  installSecurityHeaders();
  installOutageStatus();
  installSharedPages();
  warnAboutMallocArenas();
  try {
    env();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  await db().catch((err: Error) => {
    // Start anyway (and /api/health says db: down) so a database outage heals without a restart.
    console.error(`[invyta] database not reachable at start: ${err.message}`);
  });
  if (env().JOBS_WORKER === "on") {
    // BullMQ reconnects by itself: a Redis that is down at start only delays the jobs.
    await startJobs().catch((err: Error) => console.error(`[invyta] job worker not started: ${err.message}`));
  }
}
