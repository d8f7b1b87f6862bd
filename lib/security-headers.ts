// Response security headers, set on every response by lib/response-security.ts: the static set,
// and a CSP (a per-request nonce policy on pages, API_CSP on the API).

type Header = { key: string; value: string };

/** Camera only where a page takes photos (the event page's media upload); nothing else anywhere. */
export const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
export const PERMISSIONS_POLICY_CAMERA = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)");

/** Whether the page at `url` may use the camera: an event page (a phone's "take photo" in the upload picker) and its door check-in (scanning tickets). */
export function isCameraPath(url: string): boolean {
  return /^\/events\/[^/?#]+(?:\/check-in)?\/?(?:[?#]|$)/.test(url);
}

export function staticSecurityHeaders(production: boolean): Header[] {
  const headers: Header[] = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  if (production) {
    headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  }
  return headers;
}

/** Responses that are not HTML pages (JSON, media) never need to run or embed anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The nonce a page policy (pageCsp) names; null for any other policy or none. */
export function nonceOfPolicy(policy: string | string[] | null | undefined): string | null {
  const value = Array.isArray(policy) ? policy[0] : policy;
  return value ? (/'nonce-([A-Za-z0-9+/=]+)'/.exec(value)?.[1] ?? null) : null;
}

export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced Next runtime load its chunks; nothing else runs.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // React sets style attributes (e.g. upload progress widths); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
