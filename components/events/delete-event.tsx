"use client";

import { useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { deleteEventAction } from "@/lib/events/actions";

/**
 * "Delete event" opens a modal <dialog> (focus moves into it, Escape closes it, the page behind is
 * inert); confirming deletes and goes to /events. Focus returns to the button on cancel.
 */
export function DeleteEvent({ eventId, title }: { eventId: string; title: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const titleId = useId();
  const bodyId = useId();

  function confirm() {
    setError(null);
    startTransition(async () => {
      const result = await deleteEventAction({ event_id: eventId });
      if (result && !result.ok) setError(result.message);
    });
  }

  return (
    <>
      <Button ref={trigger} variant="danger" onClick={() => dialog.current?.showModal()}>
        Delete event
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onClose={() => trigger.current?.focus()}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-card border border-surface-border bg-surface p-6 text-ink shadow-xl backdrop:bg-ink/60"
      >
        <h2 id={titleId} className="text-lg font-bold">
          Delete this event?
        </h2>
        <p id={bodyId} className="mt-2 break-words text-ink-muted">
          “{title}”, its guest list, RSVPs and photos are removed for everyone, and its invite link stops working. This cannot be undone.
        </p>
        {error ? <Alert className="mt-4">{error}</Alert> : null}
        <div className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
          <Button variant="secondary" autoFocus onClick={() => dialog.current?.close()} disabled={pending}>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} pending={pending}>
            Yes, delete event
          </Button>
        </div>
      </dialog>
    </>
  );
}
