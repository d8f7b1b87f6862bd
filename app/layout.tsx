import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { HydrationMarker } from "@/components/layout/hydration-marker";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import { currentUser } from "@/lib/auth/session";
import { inboxCounts } from "@/lib/inbox/service";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Invyta — events and invitations", template: "%s · Invyta" },
  description: "Create an event, share one link or QR code, approve guests, collect RSVPs and photos.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#4338ca" };

// Features and How it works are sections of the landing page, which only signed-out visitors see.
const SIGNED_OUT_NAV = [
  { href: "/#features", label: "Features" },
  { href: "/#how-it-works", label: "How it works" },
  { href: "/discover", label: "Discover" },
  { href: "/login", label: "Sign in" },
  { href: "/signup", label: "Sign up" },
];
const SIGNED_IN_NAV = [
  { href: "/discover", label: "Discover" },
  { href: "/events", label: "My events" },
  { href: "/events/new", label: "Create event" },
  { href: "/inbox", label: "Inbox" },
  { href: "/profile", label: "Profile" },
];

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: the CSP nonce (lib/response-security.ts) and the session are per request.
  await connection();
  const user = await currentUser();
  // What waits on the signed-in person as a host, from their events' counters (lib/inbox/service.ts).
  const waiting = user ? await inboxCounts(user) : null;
  const nav = user ? SIGNED_IN_NAV.map((item) => (item.href === "/inbox" && waiting ? { ...item, badge: waiting.requests + waiting.media } : item)) : SIGNED_OUT_NAV;
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-control focus:bg-surface focus:px-4 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <SiteHeader items={nav} user={user} />
        <main id="main" className="flex-1" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter signedIn={user !== null} />
        <HydrationMarker />
        {user ? <TimeZoneSync userId={user.id} /> : null}
      </body>
    </html>
  );
}
