"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { duplicateEventAction } from "@/lib/events/actions";
import { sectionClass } from "./section-class";

/** Run it again: a copy at a new time, with everything but the guests; it opens in the editor. */
export function DuplicateSection({ eventId, suggestedStart, timeZone }: { eventId: string; suggestedStart: string; timeZone: string }) {
  const id = useId();
  const [start, setStart] = useState(suggestedStart);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!start) {
      setError("Choose when the copy starts.");
      return;
    }
    startTransition(async () => {
      const result = await duplicateEventAction({ event_id: eventId, starts_at: start });
      // On success the action moves to the copy's editor; only a failure comes back.
      if (!result.ok) setError(result.fieldErrors?.starts_at?.[0] ?? result.fieldErrors?.ends_at?.[0] ?? result.message);
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className={`mt-8 ${sectionClass}`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold text-ink">
        Duplicate this event
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        A copy with the same details, cover, capacity, plus-ones, questions, reminders and co-hosts, a new invite link and no guests. It opens in the editor.
      </p>
      <form onSubmit={submit} noValidate className="mt-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={`${id}-start`} className="text-sm font-medium text-ink">
            New start <span className="font-normal text-ink-muted">({timeZone.replace(/_/g, " ")})</span>
          </label>
          <input
            id={`${id}-start`}
            type="datetime-local"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="min-h-11 rounded-control border border-surface-border bg-surface px-3 text-base text-ink"
          />
        </div>
        <Button type="submit" variant="secondary" pending={pending}>
          Duplicate
        </Button>
        {error ? (
          <div id={`${id}-error`} className="w-full">
            <Alert>{error}</Alert>
          </div>
        ) : null}
      </form>
    </section>
  );
}
