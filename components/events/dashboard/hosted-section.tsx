import type { ReactNode } from "react";
import { LinkButton } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { MyEventRow } from "@/lib/events/views";
import { EventsSection } from "./events-section";

/** "Events I'm hosting": upcoming and past, each paged on its own; `hostsNothing` hides Past and says how to start. */
export function HostedSection({
  upcoming,
  past,
  hostsNothing,
  upcomingPaging,
  pastPaging,
}: {
  upcoming: MyEventRow[];
  past: MyEventRow[];
  hostsNothing: boolean;
  upcomingPaging: ReactNode;
  pastPaging: ReactNode;
}) {
  return (
    <EventsSection
      id="hosting"
      title="Events I'm hosting"
      upcoming={upcoming}
      past={past}
      upcomingPaging={upcomingPaging}
      pastPaging={pastPaging}
      showPast={!hostsNothing}
      hosting
      emptyUpcoming={
        <EmptyState
          action={
            <LinkButton href="/events/new" variant="secondary" size="sm">
              Create an event
            </LinkButton>
          }
        >
          {hostsNothing ? "You're not hosting anything yet." : "Nothing coming up that you host."} Create an event, then share its
          invite link or QR code.
        </EmptyState>
      }
      emptyPast="No past events yet."
    />
  );
}
