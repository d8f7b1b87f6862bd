import "server-only";
import { NotFound } from "@/lib/errors";
import { pictureBytes } from "@/lib/media/pictures";
import { getPublicProfile } from "@/lib/profiles/service";
import { getEventForViewer } from "./access";
import { previewImageOf, type PreviewImageView } from "./views";

/**
 * What a link preview's image may show: a public event to anyone, a private one only to a request
 * with its valid invite token (a chat app unfurling the invite link); null for anything else, so the
 * image names nothing.
 */
export async function previewImageFor(eventId: string, token: string | null): Promise<PreviewImageView | null> {
  let event;
  try {
    event = (await getEventForViewer(eventId, null, token)).event;
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
  const host = await getPublicProfile(null, event.owner_id.toHexString()).catch((err) => {
    if (err instanceof NotFound) return null;
    throw err;
  });
  const cover = event.cover?.og ? await pictureBytes(event.cover.og) : null;
  return previewImageOf(event, host?.display_name ?? host?.username ?? null, cover);
}
