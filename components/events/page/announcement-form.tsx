"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { LengthCounter } from "@/components/ui/length-counter";
import { textLength } from "@/lib/characters";
import { postAnnouncementAction } from "@/lib/events/actions";

const MAX = 2000;

const AUDIENCE_OPTIONS = [
  { value: "everyone", label: "Everyone (going, maybe, waitlist and requests)" },
  { value: "going", label: "Guests going" },
  { value: "maybe", label: "Guests who said maybe" },
  { value: "waitlist", label: "The waitlist" },
  { value: "pending", label: "People waiting for approval" },
] as const;

/** The host writes to a group of guests: shown on this page to them, and emailed. */
export function AnnouncementForm({ eventId }: { eventId: string }) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const [audience, setAudience] = useState<(typeof AUDIENCE_OPTIONS)[number]["value"]>("everyone");
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setNote(null);
    setError(null);
    if (!body.trim()) {
      setError("Write something to announce.");
      return;
    }
    startTransition(async () => {
      const result = await postAnnouncementAction({ event_id: eventId, body, audience });
      if (!result.ok) {
        const fieldError = result.fieldErrors?.body?.[0];
        if (fieldError) setError(fieldError);
        else setNote({ tone: "error", text: result.message });
        return;
      }
      setBody("");
      setNote({ tone: "success", text: "Announcement posted. It is being emailed now." });
      router.refresh();
    });
  }

  const over = textLength(body) > MAX;
  return (
    <form onSubmit={submit} noValidate className="mt-3 flex flex-col gap-3 rounded-card border border-surface-border bg-surface p-4">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-body`} className="text-sm font-medium text-ink">
          New announcement
        </label>
        <textarea
          id={`${id}-body`}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          rows={3}
          aria-invalid={error || over ? true : undefined}
          aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}
          className="w-full rounded-control border border-surface-border bg-surface px-3 py-2 text-base text-ink"
          placeholder="The venue moved to the rooftop — same time."
        />
        <LengthCounter id={`${id}-count`} value={body} max={MAX} className="ml-auto" />
        {error ? (
          <p id={`${id}-error`} className="text-sm font-medium text-danger">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-audience`} className="text-sm font-medium text-ink">
          Send to
        </label>
        <select
          id={`${id}-audience`}
          value={audience}
          onChange={(e) => setAudience(e.target.value as typeof audience)}
          className="min-h-11 rounded-control border border-surface-border bg-surface px-3 text-base text-ink"
        >
          {AUDIENCE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending} disabled={over}>
          Post and email
        </Button>
      </div>
      <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
    </form>
  );
}
