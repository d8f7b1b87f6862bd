"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { decideAllRequestsAction, decideRequestAction } from "@/lib/events/actions";
import { RequestSummary, requesterName, type RequestRow } from "./request-summary";


type Decision = "approve" | "deny";

/**
 * Pending join requests of a private event: approve or deny each on this page, or all at once
 * (`total` of them, on every page).
 */
export function RequestsPanel({ eventId, requests, total }: { eventId: string; requests: RequestRow[]; total: number }) {
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  function decide(row: RequestRow, action: Decision) {
    setBusy(`${row.user_id}:${action}`);
    setNote(null);
    startTransition(async () => {
      const result = await decideRequestAction({ event_id: eventId, user_id: row.user_id, action });
      setBusy(null);
      const who = requesterName(row);
      if (!result.ok) setNote({ tone: "error", text: result.message });
      else if (action === "deny") setNote({ tone: "success", text: `Denied ${who}.` });
      else if (result.data.status === "waitlisted") setNote({ tone: "success", text: `Approved ${who}: the event is full, so they are on the waitlist.` });
      else setNote({ tone: "success", text: `Approved ${who}.` });
    });
  }

  function decideAll(action: Decision) {
    setBusy(`all:${action}`);
    setNote(null);
    startTransition(async () => {
      const result = await decideAllRequestsAction({ event_id: eventId, action });
      setBusy(null);
      if (!result.ok) setNote({ tone: "error", text: result.message });
      else setNote({ tone: "success", text: `${action === "approve" ? "Approved" : "Denied"} ${result.data.decided} ${result.data.decided === 1 ? "request" : "requests"}.` });
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
      {requests.length === 0 ? (
        <p className="text-ink-muted">No requests waiting. When someone asks to join with the invite link, they appear here.</p>
      ) : (
        <>
          {Math.max(total, requests.length) > 1 ? (
            <div className="flex flex-wrap gap-2">
              <Button size="sm" onClick={() => decideAll("approve")} pending={busy === "all:approve"} disabled={pending}>
                Approve all{total > requests.length ? ` ${total}` : ""}
              </Button>
              <Button size="sm" variant="secondary" onClick={() => decideAll("deny")} pending={busy === "all:deny"} disabled={pending}>
                Deny all{total > requests.length ? ` ${total}` : ""}
              </Button>
            </div>
          ) : null}
          <ul className="divide-y divide-surface-border rounded-card border border-surface-border">
            {requests.map((row) => {
              const name = requesterName(row);
              return (
                <li key={row.user_id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                  <RequestSummary row={row} />
                  <div className="flex shrink-0 gap-2">
                    <Button size="sm" onClick={() => decide(row, "approve")} pending={busy === `${row.user_id}:approve`} disabled={pending} className="flex-1 sm:flex-none">
                      Approve<span className="sr-only"> {name}</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => decide(row, "deny")}
                      pending={busy === `${row.user_id}:deny`}
                      disabled={pending}
                      className="flex-1 sm:flex-none"
                    >
                      Deny<span className="sr-only"> {name}</span>
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
