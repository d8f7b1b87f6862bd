import { Link } from "@/components/ui/link";
import { RecommendedSection } from "@/components/discover/recommended-section";
import { EventCard } from "@/components/events/event-card";
import { LinkButton } from "@/components/ui/button";
import { Container } from "@/components/ui/container";
import { EmptyState } from "@/components/ui/empty-state";
import { textLink } from "@/components/ui/text-link";
import type { RecommendationsView } from "@/lib/discover/views";
import type { MyEventRow } from "@/lib/events/views";

export type HomeView = {
  name: string;
  /** Hosting and joined, not over yet, soonest first (hosting rows have no status). */
  comingUp: MyEventRow[];
  /** More coming up than shown: My events has the rest. */
  more: boolean;
  /** Upcoming events the person hosts with requests waiting, and how many. */
  toApprove: Array<{ id: string; title: string; count: number }>;
  recommendations: RecommendationsView | null;
};

/** The signed-in home: what is coming up, what waits on the person, then what they might like. */
export function SignedInHome({ view }: { view: HomeView }) {
  return (
    <Container className="flex flex-col gap-10 py-8 sm:py-12">
      <GreetingSection name={view.name} />
      {view.toApprove.length ? <ToApproveSection events={view.toApprove} /> : null}
      <ComingUpSection rows={view.comingUp} more={view.more} />
      {view.recommendations ? <RecommendedSection view={view.recommendations} discoverLink /> : null}
    </Container>
  );
}

function GreetingSection({ name }: { name: string }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-4">
      <div className="min-w-0">
        <h1 className="break-words text-2xl font-bold text-ink sm:text-3xl">Hi, {name}</h1>
        <p className="mt-1 text-ink-muted">{"Your events, and what's waiting for you."}</p>
      </div>
      <LinkButton href="/events/new">Create event</LinkButton>
    </div>
  );
}

function ToApproveSection({ events }: { events: HomeView["toApprove"] }) {
  return (
    <section aria-labelledby="to-approve-title" className="rounded-card border border-warning/40 bg-warning-soft p-4 sm:p-5">
      <h2 id="to-approve-title" className="text-lg font-bold text-ink">
        Waiting for your approval
      </h2>
      <ul className="mt-2 flex flex-col">
        {events.map((e) => (
          <li key={e.id}>
            <Link href={`/events/${e.id}/manage#requests-title`} className={`${textLink} break-words`}>
              {e.count} {e.count === 1 ? "request" : "requests"} to join {e.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ComingUpSection({ rows, more }: { rows: MyEventRow[]; more: boolean }) {
  return (
    <section aria-labelledby="coming-up-title">
      <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
        <h2 id="coming-up-title" className="text-xl font-bold text-ink sm:text-2xl">
          Coming up
        </h2>
        <Link href="/events" className={textLink}>
          {more ? "See all my events" : "My events"}
        </Link>
      </div>
      {rows.length ? (
        <ul className="mt-4 grid gap-4 md:grid-cols-2">
          {rows.map((r) => (
            <li key={r.event.id} className="min-w-0">
              <EventCard event={r.event} status={r.status} hosting={!r.status} headingLevel={3} />
            </li>
          ))}
        </ul>
      ) : (
        <div className="mt-4">
          <EmptyState>
            Nothing coming up yet. <Link href="/events/new" className={textLink}>Create an event</Link> or{" "}
            <Link href="/discover" className={textLink}>discover one</Link>; when someone sends you an invite link, open it to join.
          </EmptyState>
        </div>
      )}
    </section>
  );
}
