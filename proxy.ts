import { NextResponse, type NextRequest } from "next/server";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { pageCsp } from "@/lib/security-headers";

/** Pages only a signed-in user can use. Each page checks the session again on the server. */
const PRIVATE_PREFIXES = ["/profile", "/welcome", "/events/new"];

function isPrivate(pathname: string): boolean {
  return (
    PRIVATE_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) ||
    // The dashboard only: /events/join and an event's own page are open to signed-out visitors.
    pathname === "/events" ||
    /^\/events\/[^/]+\/(edit|manage)$/.test(pathname)
  );
}

/** Every page gets a fresh nonce; Next reads it from the request's CSP and stamps its scripts. */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPrivate(pathname) && !hasSessionCookie(request.cookies.getAll())) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce, {
    dev: process.env.NODE_ENV === "development",
    https: (process.env.APP_URL ?? "").startsWith("https://"),
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: API routes (and their uploads, which must not be buffered here) and static
  // assets get their headers from next.config.ts.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
