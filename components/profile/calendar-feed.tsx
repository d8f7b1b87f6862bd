"use client";

import { useRef, useState, useTransition } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { createCalendarFeedAction, revokeCalendarFeedAction } from "@/lib/profiles/actions";

type Link = { url: string; webcal_url: string };
type Note = { tone: "success" | "error" | "info"; text: string };

/**
 * Profile → "Subscribe in your calendar app": a secret feed link of the person's events. Only its
 * hash is stored, so the link shows once, right after "Create link" or "Reset link"; resetting or
 * turning it off asks first, since calendar apps subscribed to the old link stop updating.
 */
export function CalendarFeed({ active: initiallyActive }: { active: boolean }) {
  const [active, setActive] = useState(initiallyActive);
  const [link, setLink] = useState<Link | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [copied, setCopied] = useState("");
  const [confirming, setConfirming] = useState<"reset" | "off" | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  function create() {
    startTransition(async () => {
      const result = await createCalendarFeedAction({});
      setConfirming(null);
      if (!result.ok) return setNote({ tone: "error", text: result.message });
      setLink(result.data);
      setActive(true);
      setNote(active ? { tone: "success", text: "New link ready. The old link no longer works: subscribe again with this one." } : null);
      window.requestAnimationFrame(() => input.current?.focus());
    });
  }

  function turnOff() {
    startTransition(async () => {
      const result = await revokeCalendarFeedAction({});
      setConfirming(null);
      if (!result.ok) return setNote({ tone: "error", text: result.message });
      setLink(null);
      setActive(false);
      setNote({ tone: "info", text: "Link turned off. Calendar apps subscribed to it stop getting your events." });
    });
  }

  async function copy() {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.webcal_url);
      setCopied("Copied");
    } catch {
      input.current?.select();
      setCopied("Select the link and copy it (Ctrl+C or long-press).");
    }
    window.setTimeout(() => setCopied(""), 4000);
  }

  return (
    <div className="flex flex-col gap-4">
      <p className="text-ink-muted">
        A private link to a calendar of the events you host and those you&apos;re going or maybe to. Apple Calendar, Google Calendar and Outlook
        subscribe to it and keep it up to date on their own (Google refreshes every few hours).
      </p>
      {note ? <Alert tone={note.tone}>{note.text}</Alert> : null}

      {link ? (
        <div className="flex flex-col gap-2">
          <label htmlFor="calendar-feed-link" className="text-sm font-medium text-ink">
            Your calendar link
          </label>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              ref={input}
              id="calendar-feed-link"
              type="url"
              readOnly
              value={link.webcal_url}
              onFocus={(e) => e.currentTarget.select()}
              aria-describedby="calendar-feed-once"
              className="min-h-11 w-full min-w-0 flex-1 rounded-control border border-surface-border bg-surface-sunken px-3 font-mono text-sm text-ink"
            />
            <Button onClick={copy} className="shrink-0">
              Copy link
            </Button>
          </div>
          <p aria-live="polite" role="status" className="min-h-5 text-sm font-medium text-success">
            {copied}
          </p>
          <p id="calendar-feed-once" className="text-sm text-ink-muted">
            Copy it now: it is shown only this once. Anyone who has it sees these events, so keep it to yourself.
          </p>
          <ul className="list-disc pl-5 text-sm text-ink-muted">
            <li>
              On this device:{" "}
              <a href={link.webcal_url} className="font-medium text-brand underline-offset-4 hover:underline">
                open it in your calendar app
              </a>
              .
            </li>
            <li>Google Calendar: Other calendars → + → From URL, and paste the link.</li>
            <li>Outlook: Add calendar → Subscribe from web, and paste the link.</li>
          </ul>
        </div>
      ) : active ? (
        <p className="text-sm text-ink">Your calendar link is on. It can&apos;t be shown again: reset it to get a new one.</p>
      ) : null}

      {confirming ? (
        <div role="group" aria-labelledby="calendar-feed-question" className="flex flex-col gap-3 rounded-control border border-warning/40 bg-warning-soft p-4">
          <p id="calendar-feed-question" className="text-sm text-ink">
            {confirming === "reset"
              ? "Reset the link? The current one stops working at once; calendar apps subscribed to it stop updating."
              : "Turn the link off? Calendar apps subscribed to it stop getting your events."}
          </p>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button variant="danger" onClick={confirming === "reset" ? create : turnOff} pending={pending}>
              {confirming === "reset" ? "Yes, reset link" : "Yes, turn off"}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(null)} disabled={pending}>
              Keep current link
            </Button>
          </div>
        </div>
      ) : active ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          <Button variant="secondary" onClick={() => setConfirming("reset")}>
            Reset link
          </Button>
          <button type="button" className={buttonClass("ghost")} onClick={() => setConfirming("off")}>
            Turn off
          </button>
        </div>
      ) : (
        <Button onClick={create} pending={pending} className="self-start">
          Create link
        </Button>
      )}
    </div>
  );
}
