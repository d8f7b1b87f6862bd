import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { CheckInDesk } from "@/components/events/check-in/check-in-desk";
import { requireUser } from "@/lib/auth/session";
import { getHostedEvent } from "@/lib/events/access";
import { listCheckIns } from "@/lib/events/check-in";
import { eventRefOf } from "@/lib/events/views";
import { orNotFound } from "@/lib/http/pages";

export const metadata: Metadata = { title: "Door check-in" };

type Params = Promise<{ id: string }>;

/** The door, on a host's phone: scan tickets, or find guests by name, and watch the counts. Hosts only (404 for anyone else). */
export default async function CheckInPage({ params }: { params: Params }) {
  const { id } = await params;
  const user = await requireUser(`/events/${encodeURIComponent(id)}/check-in`);
  const { event } = await orNotFound(getHostedEvent(id, user));
  const ref = eventRefOf(event);
  const first = await listCheckIns(user, ref.id);

  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-10">
      <Link href={`${ref.path}/manage`} className="inline-flex min-h-11 items-center text-sm font-medium text-brand underline-offset-4 hover:underline">
        <span aria-hidden="true">←&nbsp;</span>Manage event
      </Link>
      <h1 className="mt-1 break-words text-2xl font-bold text-ink sm:text-3xl">
        <span className="block text-base font-medium text-ink-muted">Door check-in</span>
        {ref.title}
      </h1>
      <CheckInDesk eventId={ref.id} timeZone={event.timezone} initial={first} />
    </div>
  );
}
