import type { ReactNode } from "react";
import { SignedInHome, type HomeView } from "@/components/home/signed-in-home";
import { LinkButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Container } from "@/components/ui/container";
import type { AuthUser } from "@/lib/auth/service";
import { currentUser, requireUser } from "@/lib/auth/session";
import { recommendationsFor } from "@/lib/discover/service";
import { recommendationsViewOf } from "@/lib/discover/views";
import { listHostedEvents, listJoinedEvents } from "@/lib/events/lists";
import { hostedRowsOf, joinedRowsOf, toApproveOf } from "@/lib/events/views";
import { getOwnProfile } from "@/lib/profiles/service";

const FEATURES = [
  { title: "One link, one QR code", body: "Share an invite link or print its QR code. Guests scan it with a phone camera and land on the event." },
  { title: "You decide who comes", body: "Private events wait for your approval. Capacity is enforced, and a waitlist fills free seats in order." },
  { title: "RSVPs that stay current", body: "Guests answer attending, maybe or not attending, and you see the counts change as they do." },
  { title: "Photos, moderated", body: "Attendees upload photos and videos; nothing appears in the gallery until you approve it." },
  { title: "Events people like", body: "Profiles hold favorite categories, and Invyta recommends public events that match them." },
  { title: "An API for everything", body: "A JSON API under /api/v1 follows the same rules as the web app, for scripts and other clients." },
];

const STEPS = [
  "Create an event: date, time zone, place, capacity and tags, public or private.",
  "Share the invite link or its QR code, or email it to a list of addresses.",
  "Guests sign up with their email, join, and RSVP from their phone.",
  "Approve requests, watch the counts, and moderate the photos afterwards.",
];

const RECOMMENDED_SHOWN = 6;
const COMING_UP_SHOWN = 6;

/** The signed-in user's recommendations, or null: a hiccup there must not take the home page down. */
function homeRecommendations(user: AuthUser) {
  return recommendationsFor(user, { limit: RECOMMENDED_SHOWN }).catch((err) => {
    console.error("[invyta] home recommendations failed:", err);
    return null;
  });
}

/** Coming up (hosting and joined, except "not going"), soonest first; the hosted events with requests waiting. */
async function homeViewOf(user: AuthUser): Promise<HomeView> {
  const now = new Date();
  const [profile, hosted, joined, recommendations] = await Promise.all([
    getOwnProfile(user),
    listHostedEvents(user, { now }),
    listJoinedEvents(user),
    homeRecommendations(user),
  ]);
  const going = joinedRowsOf(joined.events, now).upcoming.filter((r) => r.status !== "not_attending");
  const all = [...hostedRowsOf(hosted.events), ...going].sort((a, b) => a.event.startsAt.localeCompare(b.event.startsAt));
  return {
    name: profile.display_name ?? profile.username ?? user.email,
    comingUp: all.slice(0, COMING_UP_SHOWN),
    more: all.length > COMING_UP_SHOWN || hosted.next_cursor !== null || joined.next_cursor !== null,
    toApprove: toApproveOf(hosted.events),
    recommendations: recommendations ? recommendationsViewOf(recommendations) : null,
  };
}

/** A landing-page section under its heading; `id` is the anchor the header's links point to. */
function HomeSection({ id, titleId, title, className, children }: { id: string; titleId: string; title: string; className?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={titleId} className={cn("scroll-mt-20", className)}>
      <Container className="py-16">
        <h2 id={titleId} className="text-2xl font-bold text-ink">
          {title}
        </h2>
        {children}
      </Container>
    </section>
  );
}

/** Signed in: the person's own events first (components/home). Signed out: what Invyta is. */
export default async function HomePage() {
  // Signed in without a username yet: /welcome asks for one first, as every signed-in page does.
  if (await currentUser()) return <SignedInHome view={await homeViewOf(await requireUser("/"))} />;
  return (
    <>

      <section className="bg-surface">
        <Container className="py-16 sm:py-24">
          <h1 className="max-w-3xl text-4xl font-bold tracking-tight text-ink sm:text-5xl">
            Invitations that just work, from the first scan to the last photo.
          </h1>
          <p className="mt-6 max-w-2xl text-lg text-ink-muted">
            Invyta is where organizers create events, invite people with a link or a QR code, approve who comes,
            collect RSVPs, and gather the photos afterwards — fast on a phone, safe by default.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <LinkButton href="/discover">Discover events</LinkButton>
          </div>
        </Container>
      </section>

      <HomeSection id="features" titleId="features-title" title="What Invyta does">
        <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map((f) => (
            <li key={f.title} className="rounded-card border border-surface-border bg-surface p-6">
              <h3 className="text-lg font-semibold text-ink">{f.title}</h3>
              <p className="mt-2 text-ink-muted">{f.body}</p>
            </li>
          ))}
        </ul>
      </HomeSection>

      <HomeSection id="how-it-works" titleId="how-title" title="How it works" className="bg-surface">
        <ol className="mt-8 grid gap-4 sm:grid-cols-2">
          {STEPS.map((step, i) => (
            <li key={step} className="flex gap-4 rounded-card border border-surface-border p-6">
              <span
                aria-hidden="true"
                className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-pill bg-brand-soft font-bold text-brand-ink"
              >
                {i + 1}
              </span>
              <p className="text-ink">{step}</p>
            </li>
          ))}
        </ol>
      </HomeSection>
    </>
  );
}
