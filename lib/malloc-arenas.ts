// The server's memory on glibc (issue 11, item 11; bench/soak-memory.mjs, "Memory soak" in
// bench/RESULTS.md). Under 3 minutes of mixed load the RSS went 264 → 801 MiB and stayed at 746 MiB
// after the load, while the V8 heap after a GC grew by 14 MiB and heap snapshots showed only
// bounded caches growing: the rest was glibc malloc (14 thread arenas holding 277 MiB, the main
// heap 208 MiB). glibc gives a thread that finds an arena busy one of its own, up to 8 per core,
// and what is freed in an arena is seldom handed back; the photo path (sharp: libvips's workers
// and libuv's threads) is what fills them: the same mix without photos went 214 → 321 → 216 MiB.
// MALLOC_ARENA_MAX=2 bounds them (249 → 384 → 305 MiB, and more requests served). glibc reads it
// only when a process starts, so it must come from whoever starts the server: `npm start`
// (scripts/with-db.mjs) sets it, and a production server started without it says so once.

/** What a production server on glibc without MALLOC_ARENA_MAX should be told, or null when nothing. */
export function mallocArenaAdvice(env: Readonly<Record<string, string | undefined>>, glibcVersion: string | undefined): string | null {
  if (env.NODE_ENV !== "production" || !glibcVersion || env.MALLOC_ARENA_MAX) return null;
  return (
    "[invyta] MALLOC_ARENA_MAX is not set: with glibc's default (8 arenas per core) the server's memory grows under " +
    "load and is not given back (bench/RESULTS.md, memory soak). Start it with MALLOC_ARENA_MAX=2 in its environment."
  );
}

/** The glibc version this process runs on (undefined on musl, macOS, Windows). */
function glibcVersion(): string | undefined {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime;
}

/** Warns once, at start, when a production server runs with glibc's unbounded arenas. */
export function warnAboutMallocArenas(): void {
  const advice = mallocArenaAdvice(process.env, glibcVersion());
  if (advice) console.warn(advice);
}
