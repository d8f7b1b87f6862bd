import { Initials } from "./initials";

/**
 * A person's avatar, or their initials without one; decorative (the name is always beside it).
 * `src` is the avatar's URL (lib/profiles/avatar.ts), a 256 px square, loaded from this origin
 * whatever origin an absolute URL names (the app's configured URL may differ from the one in use).
 */
export function Avatar({ name, src, size = "md" }: { name: string | null; src: string | null; size?: "md" | "lg" }) {
  const box = size === "lg" ? "h-20 w-20 text-xl" : "h-9 w-9 text-xs";
  if (!src) return <Initials name={name} className={box} />;
  const path = src.replace(/^https?:\/\/[^/]+/, "");
  // eslint-disable-next-line @next/next/no-img-element -- a stored photo of a fixed size, served by our own route
  return <img src={path} alt="" width={size === "lg" ? 80 : 36} height={size === "lg" ? 80 : 36} loading="lazy" decoding="async" className={`${box} shrink-0 rounded-full bg-brand-soft object-cover`} />;
}
