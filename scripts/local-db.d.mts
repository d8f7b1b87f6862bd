export const FERRETDB_VERSION: string;
export const FERRETDB_BIN: string;
export function installFerretDB(): string | null;
export function freePort(): Promise<number>;
export type LocalDb = {
  uri: string;
  stop: () => Promise<void>;
  /** Ends the server process (with `crash`, by SIGKILL), keeping its port and data: a database outage. */
  pause: (opts?: { crash?: boolean }) => Promise<void>;
  /** Starts it again on the same port and data, and waits until it answers. */
  resume: () => Promise<void>;
  kind: "ferretdb" | "mongod";
  dataRoot: string;
  pid: number;
};
export function startLocalDb(opts?: { mode?: "dev" | "test"; quiet?: boolean }): Promise<LocalDb>;
