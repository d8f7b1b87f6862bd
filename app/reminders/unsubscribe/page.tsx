import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { stopRemindersAction } from "@/lib/events/actions";

export const metadata: Metadata = { title: "Stop reminders", robots: { index: false, follow: false } };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.slice(0, 64) ?? "";

/** Where a reminder's "stop reminders for this event" link leads: one button, so a link scanner changes nothing. */
export default async function StopRemindersPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const [e, u, s] = [one(params.e), one(params.u), one(params.s)];
  const done = params.done === "1";
  const invalid = params.invalid === "1" || !e || !u || !s;
  return (
    <div className="mx-auto w-full max-w-lg px-4 py-12">
      <Card>
        <h1 className="text-xl font-bold text-ink">{done ? "Reminders are off" : invalid ? "This link doesn't work" : "Stop reminders for this event?"}</h1>
        {done ? (
          <p className="mt-2 text-ink-muted" role="status">
            You won&apos;t get more reminders for this event. Your RSVP is unchanged.
          </p>
        ) : invalid ? (
          <p className="mt-2 text-ink-muted">The link may be cut short, or the event may be gone. Open the event from the email instead.</p>
        ) : (
          <form action={stopRemindersAction} className="mt-4 flex flex-col gap-3">
            <p className="text-ink-muted">You&apos;ll still be on the guest list, and announcements from the host still reach you.</p>
            <input type="hidden" name="e" value={e} />
            <input type="hidden" name="u" value={u} />
            <input type="hidden" name="s" value={s} />
            <button type="submit" className={buttonClass("primary")}>
              Stop reminders
            </button>
          </form>
        )}
        {e && /^[0-9a-f]{24}$/.test(e) ? (
          <p className="mt-4">
            <Link href={`/events/${e}`} className="inline-flex min-h-11 items-center font-medium text-brand underline-offset-4 hover:underline">
              Go to the event
            </Link>
          </p>
        ) : null}
      </Card>
    </div>
  );
}
