import type { TestProject } from "vitest/node";
import { startLocalDb } from "../../scripts/local-db.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** One database server for the run (MONGODB_URI when given, else a fresh local one). */
export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide("mongoUri", process.env.MONGODB_URI);
    return;
  }
  const server = await startLocalDb({ mode: "test" });
  project.provide("mongoUri", server.uri);
  return () => server.stop();
}
