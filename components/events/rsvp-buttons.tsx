"use client";

import { useOptimistic, useState, useTransition } from "react";
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

/**
 * Three toggle buttons that act like a radio group: the pressed one (aria-pressed) is the answer.
 * The choice shows at once; the page's data (counts, status) follows from the server.
 */
export function RsvpButtons({ eventId, status, labelledBy }: { eventId: string; status: RsvpStatus | null; labelledBy: string }) {
  const [shown, setShown] = useOptimistic(status);
  const [pending, startTransition] = useTransition();
  const [sending, setSending] = useState<RsvpStatus | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  function choose(value: RsvpStatus) {
    if (value === shown || pending) return;
    setMessage(null);
    setSending(value);
    startTransition(async () => {
      setShown(value);
      const result = await rsvpAction({ event_id: eventId, rsvp_status: value });
      setSending(null);
      if (!result.ok) setMessage({ tone: "error", text: result.message });
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
