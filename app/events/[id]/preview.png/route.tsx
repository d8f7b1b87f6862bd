import { previewImage } from "@/components/events/preview-image";
import { previewImageFor } from "@/lib/events/preview";
import { withApi } from "@/lib/http/route";

/**
 * The event's link-preview image (1200×630 PNG): a public event for anyone; a private one only with
 * `?token=` its valid invite token, as its invite link carries; anything else draws an image that
 * names nothing, with the same status, so the image does not tell whether an event exists. Every
 * request may look up a token, so it counts like opening the join page.
 */
export const GET = withApi<{ id: string }>(
  async ({ req, params }) => previewImage(await previewImageFor(params.id, req.nextUrl.searchParams.get("token")?.slice(0, 128) || null)),
  { limit: "inviteToken" },
);
