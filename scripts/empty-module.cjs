// Stands in for the server-only marker in the standalone worker (scripts/worker-preload.cjs).
