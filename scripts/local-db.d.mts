export const FERRETDB_VERSION: string;
export const FERRETDB_BIN: string;
export function installFerretDB(): string | null;
export function freePort(): Promise<number>;
export type LocalDb = { uri: string; stop: () => Promise<void>; kind: "ferretdb" | "mongod"; dataRoot: string; pid: number };
export function startLocalDb(opts?: { mode?: "dev" | "test"; quiet?: boolean }): Promise<LocalDb>;
