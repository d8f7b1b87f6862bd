import "server-only";
import { notFound } from "next/navigation";
import { Forbidden, NotFound } from "@/lib/errors";

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
