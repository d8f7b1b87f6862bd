import type { Metadata } from "next";
import { cache } from "react";
import { AboutSection } from "@/components/events/page/about-section";
import { AnnouncementsSection } from "@/components/events/page/announcements-section";
import { CalendarSection } from "@/components/events/page/calendar-section";
import { CommentsSection } from "@/components/events/page/comments-section";
import { CountsSection } from "@/components/events/page/counts-section";
import { GoingSection } from "@/components/events/page/going-section";
import { HeaderSection } from "@/components/events/page/header-section";
import { MediaSection } from "@/components/events/page/media-section";
import { RsvpSection } from "@/components/events/page/rsvp-section";
import { TicketSection } from "@/components/events/page/ticket-section";
import { currentUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { NotFound } from "@/lib/errors";
import { getEventForViewer } from "@/lib/events/access";
import { ticketViewOf } from "@/lib/events/tickets";
import { facesOf } from "@/lib/events/attending";
import { waitlistPosition } from "@/lib/events/waitlist";
import { eventPageViewOf, guestFacesOf, linkPreviewOf } from "@/lib/events/views";
import { linkPreviewMetadata, orNotFound } from "@/lib/http/pages";
import { shareWithSignedOut } from "@/lib/http/shared-pages/share";
import { eventMediaPreview, mediaAccessOf, mediaLimits } from "@/lib/media/service";
import { mediaPreviewViewOf } from "@/lib/media/views";
import { getPublicProfile } from "@/lib/profiles/service";

type Params = Promise<{ id: string }>;

/** One lookup per request, shared by the metadata and the page; not visible → the 404 page. */
const loadEvent = cache(async (id: string) => {
  const viewer = await currentUser();
  return { viewer, ...(await orNotFound(getEventForViewer(id, viewer))) };
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { event } = await loadEvent((await params).id);
  // Only a viewer who may see the event gets here (a private one is the 404 page for anyone else).
  return { title: event.title, ...linkPreviewMetadata(linkPreviewOf(event, env().APP_URL)) };
}

export default async function EventPage({ params }: { params: Params }) {
  const loaded = await loadEvent((await params).id);
  const { viewer } = loaded;
  const event = eventPageViewOf(loaded, env().APP_URL);
  const access = mediaAccessOf(loaded, viewer);
  const ticket = ticketViewOf(loaded);

  // Everything else the page shows, read at once. The media preview and the first faces of the
  // guest list (for who may see it) are kept in the event document.
  const [place, preview, host, faces] = await Promise.all([
    waitlistPosition(loaded.event, loaded.membership),
    eventMediaPreview(access),
    getPublicProfile(viewer, event.hostId).catch((err) => {
      if (err instanceof NotFound) return null;
      throw err;
    }),
    event.seesGuests ? facesOf(loaded.event) : Promise.resolve(null),
  ]);
  // Signed out, the page is the same for everyone: the next visitors may get this render.
  if (!viewer) await shareWithSignedOut({ eventId: event.id, hostId: event.hostId });

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-8 sm:py-12">
      <HeaderSection event={event} host={host} />
      <CountsSection event={event} />
      {event.isHost ? null : <RsvpSection event={event} signedIn={!!viewer} place={place} />}
      {ticket ? <TicketSection ticket={ticket} eventTitle={event.title} timeZone={event.timezone} /> : null}
      <AnnouncementsSection event={event} loaded={loaded} viewer={viewer} />
      <AboutSection event={event} />
      <CalendarSection event={event} />
      {faces ? <GoingSection event={event} faces={guestFacesOf(faces)} /> : null}
      {event.seesGuests ? <CommentsSection event={event} loaded={loaded} viewer={viewer} /> : null}
      <MediaSection event={event} media={mediaPreviewViewOf(access, preview)} signedIn={!!viewer} limits={mediaLimits()} />
    </div>
  );
}
