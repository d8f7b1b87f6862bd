import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import type { MyEventRow } from "@/lib/events/views";
import { EventsSection } from "./events-section";

/** "Events I'm going to": the joined events, paged as one list; `joinedNothing` hides Past and says how to join. */
export function JoinedSection({ upcoming, past, joinedNothing, paging }: { upcoming: MyEventRow[]; past: MyEventRow[]; joinedNothing: boolean; paging: ReactNode }) {
  return (
    <EventsSection
      id="going"
      title="Events I'm going to"
      upcoming={upcoming}
      past={past}
      showPast={!joinedNothing}
      hosting={false}
      paging={paging}
      emptyUpcoming={
        <EmptyState>
          {joinedNothing ? "You haven't joined any events yet." : "Nothing coming up."} When someone sends you an invite link or QR code,
          open it to join — the event will show up here.
        </EmptyState>
      }
      emptyPast="No past events yet."
    />
  );
}
