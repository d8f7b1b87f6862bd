"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { setRemindersAction } from "@/lib/events/actions";
import { sectionClass } from "./section-class";

// When guests going or maybe get an email before the event. The common choices as checkboxes; a
// time set through the API that is not among them is kept and shown too.

const CHOICES = [
  { minutes: 7 * 24 * 60, label: "1 week before" },
  { minutes: 24 * 60, label: "1 day before" },
  { minutes: 2 * 60, label: "2 hours before" },
  { minutes: 60, label: "1 hour before" },
];

function labelOf(minutes: number): string {
  const known = CHOICES.find((c) => c.minutes === minutes);
  if (known) return known.label;
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} days before`;
  if (minutes % 60 === 0) return `${minutes / 60} hours before`;
  return `${minutes} minutes before`;
}

export function RemindersSection({ eventId, offsets }: { eventId: string; offsets: number[] }) {
  const id = useId();
  const [chosen, setChosen] = useState<Set<number>>(new Set(offsets));
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const options = [...new Set([...CHOICES.map((c) => c.minutes), ...offsets])].sort((a, b) => b - a);

  function save(e: React.FormEvent) {
    e.preventDefault();
    setNote(null);
    startTransition(async () => {
      const result = await setRemindersAction({ event_id: eventId, offsets_minutes: [...chosen] });
      if (!result.ok) setNote({ tone: "error", text: result.message });
      else setNote({ tone: "success", text: result.data.offsets_minutes.length ? "Reminders saved." : "Reminders are off for this event." });
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className={`mt-8 ${sectionClass}`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold text-ink">
        Reminders
      </h2>
      <p className="mt-1 text-sm text-ink-muted">Guests going or maybe get an email with the event and its calendar file. Each reminder has a link to stop them.</p>
      <form onSubmit={save} className="mt-4 flex flex-col gap-3">
        <fieldset>
          <legend className="sr-only">Send a reminder</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-1">
            {options.map((minutes) => (
              <label key={minutes} className="flex min-h-11 items-center gap-2 text-ink">
                <input
                  type="checkbox"
                  className="h-5 w-5 accent-brand"
                  checked={chosen.has(minutes)}
                  onChange={(e) =>
                    setChosen((prev) => {
                      const next = new Set(prev);
                      if (e.target.checked) next.add(minutes);
                      else next.delete(minutes);
                      return next;
                    })
                  }
                />
                {labelOf(minutes)}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <Button type="submit" size="sm" variant="secondary" pending={pending}>
            Save reminders
          </Button>
        </div>
        <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
      </form>
    </section>
  );
}
