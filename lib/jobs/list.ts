// `npm run jobs`: the queue's counts and the jobs that failed for good, for an operator.
import { failedJobs, jobCounts, queue } from "./queue";

async function main() {
  console.info("Jobs:", JSON.stringify(await jobCounts()));
  const failed = await failedJobs(50);
  if (failed.length === 0) console.info("No failed jobs.");
  for (const job of failed) {
    console.info(`- ${job.finishedOn?.toISOString() ?? "?"}  ${job.name}  id=${job.id}  tries=${job.attempts}  ${job.failedReason}`);
    console.info(`  data: ${JSON.stringify(job.data)}`);
  }
  await queue().close();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
