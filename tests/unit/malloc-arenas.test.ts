import { describe, expect, it } from "vitest";
import { mallocArenaAdvice } from "@/lib/malloc-arenas";

describe("mallocArenaAdvice", () => {
  it("tells a production server on glibc without MALLOC_ARENA_MAX to set it", () => {
    expect(mallocArenaAdvice({ NODE_ENV: "production" }, "2.36")).toMatch(/MALLOC_ARENA_MAX=2/);
  });

  it("says nothing once MALLOC_ARENA_MAX is set", () => {
    expect(mallocArenaAdvice({ NODE_ENV: "production", MALLOC_ARENA_MAX: "2" }, "2.36")).toBeNull();
  });

  it("says nothing off glibc (musl, macOS) or outside production", () => {
    expect(mallocArenaAdvice({ NODE_ENV: "production" }, undefined)).toBeNull();
    expect(mallocArenaAdvice({ NODE_ENV: "development" }, "2.36")).toBeNull();
  });
});
