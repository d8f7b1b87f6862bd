"use client";

import { useOptimistic, useRef, useState, useTransition } from "react";
import { Spinner } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Alert } from "@/components/ui/field";
import { rsvpAction } from "@/lib/events/actions";
import type { RsvpStatus } from "@/lib/events/schema";

const OPTIONS: { value: RsvpStatus; label: string; icon: string }[] = [
  { value: "attending", label: "Attending", icon: "✓" },
  { value: "maybe", label: "Maybe", icon: "?" },
  { value: "not_attending", label: "Not attending", icon: "✕" },
];

type Result = Awaited<ReturnType<typeof rsvpAction>>;

/**
 * Three toggle buttons that act like a radio group: the pressed one (aria-pressed) is the answer.
 * The choice shows at once and the last tap wins: taps made while one is saving are not dropped;
 * one request at a time goes out, and when it returns the latest choice follows if it differs from
 * what was saved. A failure rolls the buttons back to the saved answer, with the reason. The page's
 * data (counts, status) follows from the server.
 */
export function RsvpButtons({ eventId, status, labelledBy }: { eventId: string; status: RsvpStatus | null; labelledBy: string }) {
  const [shown, setShown] = useOptimistic(status);
  const [, startTransition] = useTransition();
  const [sending, setSending] = useState<RsvpStatus | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const wanted = useRef<RsvpStatus | null>(null);
  const saving = useRef<Promise<Result | null> | null>(null);

  /** Sends the latest choice until the last one sent is the latest (one request at a time); the last answer. */
  function saveLatest(): Promise<Result | null> {
    saving.current ??= (async () => {
      let sent: RsvpStatus | null = null;
      let result: Result | null = null;
      while (wanted.current !== null && wanted.current !== sent) {
        sent = wanted.current;
        setSending(sent);
        result = await rsvpAction({ event_id: eventId, rsvp_status: sent });
        if (!result.ok) break;
      }
      wanted.current = null;
      saving.current = null;
      setSending(null);
      return result;
    })();
    return saving.current;
  }

  function choose(value: RsvpStatus) {
    if (value === (wanted.current ?? shown)) return;
    wanted.current = value;
    setMessage(null);
    startTransition(async () => {
      setShown(value);
      const result = await saveLatest();
      // Every tap's transition waits for the same save; the first to finish reports it.
      if (!result || wanted.current !== null) return;
      if (!result.ok) setMessage({ tone: "error", text: `${result.message} Your answer was not changed.` });
      else if (result.data.status === "waitlisted") setMessage({ tone: "success", text: "The event is full: you are on the waitlist." });
      else setMessage({ tone: "success", text: `Saved: ${OPTIONS.find((o) => o.value === result.data.status)?.label ?? "updated"}.` });
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <div role="group" aria-labelledby={labelledBy} className="grid grid-cols-1 gap-2 min-[400px]:grid-cols-3">
        {OPTIONS.map((option) => {
          const pressed = shown === option.value;
          return (
            <button
              key={option.value}
              type="button"
              aria-pressed={pressed}
              aria-busy={sending === option.value || undefined}
              onClick={() => choose(option.value)}
              className={cn(
                "inline-flex min-h-12 items-center justify-center gap-2 rounded-control border-2 px-3 font-semibold transition-colors",
                "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand",
                pressed ? "border-brand bg-brand text-white" : "border-surface-border bg-surface text-ink hover:border-brand hover:bg-brand-soft",
              )}
            >
              {sending === option.value ? <Spinner /> : <span aria-hidden="true">{option.icon}</span>}
              {option.label}
            </button>
          );
        })}
      </div>
      <div aria-live="polite">{message ? <Alert tone={message.tone}>{message.text}</Alert> : null}</div>
    </div>
  );
}
