import "server-only";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { Forbidden, NotFound, RateLimited } from "@/lib/errors";
import type { LinkPreviewView } from "@/lib/events/views";
import { limitThisRequest, type LimitName } from "./limits";

// Domain errors on pages: what the API answers 404 or 403 is the 404 page here (with a real 404
// status), so a host-only page tells nobody else whether the event exists. Other errors go on to
// the error page.

/** The value, or the 404 page when the read throws NotFound or Forbidden. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NotFound || err instanceof Forbidden) notFound();
    throw err;
  }
}

/**
 * This request counted against the named policy, once however many parts of the page ask (the page
 * and its generateMetadata share it): null within the limit, else the seconds to wait.
 */
const countView = cache(async (name: LimitName): Promise<number | null> => {
  try {
    await limitThisRequest(name);
    return null;
  } catch (err) {
    if (err instanceof RateLimited) return err.retryAfterSeconds;
    throw err;
  }
});

/**
 * A page that is a way in to something rate limited declares its policy by name (lib/limits.ts),
 * as a route does: every view counts against it before the page renders (the join page looks up an
 * invite token, on the same budget as POST /api/v1/events/join); over the limit the page shows
 * `tooMany(seconds)` instead.
 */
export function limitedPage<P>(name: LimitName, tooMany: (retryAfterSeconds: number) => ReactNode, page: (props: P) => Promise<ReactNode>) {
  return async function LimitedPage(props: P): Promise<ReactNode> {
    const wait = await countView(name);
    return wait === null ? page(props) : tooMany(wait);
  };
}

/** For a limited page's generateMetadata: whether this request is within the limit (the same single count as the page's). */
export async function withinLimit(name: LimitName): Promise<boolean> {
  return (await countView(name)) === null;
}

/** Open Graph and Twitter card tags for a link preview, with its 1200×630 image (lib/events/views.ts linkPreviewOf). */
export function linkPreviewMetadata({ title, description, image }: LinkPreviewView): Metadata {
  const images = [{ ...image, width: 1200, height: 630 }];
  return {
    description,
    openGraph: { type: "website", siteName: "Invyta", title, description, images },
    twitter: { card: "summary_large_image", title, description, images },
  };
}
