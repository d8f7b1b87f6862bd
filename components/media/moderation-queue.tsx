"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { moderateAllMediaAction, moderateMediaAction } from "@/lib/media/actions";
import { StatusBadge } from "./gallery";
import type { MediaItemView } from "@/lib/media/views";
import { formatBytes } from "./format";
import { MediaThumb } from "./media-thumb";

// The host's review list: approve or reject one item, the checked ones, or everything waiting.
// Plain buttons and checkboxes, so it works from the keyboard; results are announced.

type Decision = "approved" | "rejected";

const VERB: Record<Decision, string> = { approved: "Approve", rejected: "Reject" };
const DONE: Record<Decision, string> = { approved: "Approved", rejected: "Rejected" };

function itemsText(n: number) {
  return `${n} ${n === 1 ? "item" : "items"}`;
}

export function ModerationQueue({ eventId, items, showing }: { eventId: string; items: MediaItemView[]; showing: "pending" | "approved" | "rejected" }) {
  const router = useRouter();
  const selectAllId = useId();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const visibleSelected = items.filter((i) => selected.has(i.id));
  const allChecked = items.length > 0 && visibleSelected.length === items.length;
  // What each list can change to: waiting items either way; decided ones to the other decision.
  const decisions: Decision[] = showing === "pending" ? ["approved", "rejected"] : showing === "approved" ? ["rejected"] : ["approved"];

  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function decide(ids: string[], status: Decision, key: string, label: string) {
    setBusy(key);
    setNote(null);
    startTransition(async () => {
      const result = await moderateMediaAction({ event_id: eventId, file_ids: ids, status });
      setBusy(null);
      if (!result.ok) {
        setNote({ tone: "error", text: result.message });
        return;
      }
      setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
      setNote({ tone: "success", text: `${DONE[status]} ${label}.` });
      router.refresh();
    });
  }

  function decideAll(status: Decision) {
    setBusy(`all:${status}`);
    setNote(null);
    startTransition(async () => {
      const result = await moderateAllMediaAction({ event_id: eventId, status });
      setBusy(null);
      if (!result.ok) {
        setNote({ tone: "error", text: result.message });
        return;
      }
      setSelected(new Set());
      setNote({ tone: "success", text: `${DONE[status]} ${itemsText(result.data.updated)}.` });
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col gap-4">
      <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
      {items.length === 0 ? null : (
        <div className="flex flex-col gap-3 rounded-card border border-surface-border bg-surface p-3 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
          <div className="flex items-center gap-2">
            <input
              id={selectAllId}
              type="checkbox"
              className="h-5 w-5 accent-brand"
              checked={allChecked}
              onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
            />
            <label htmlFor={selectAllId} className="text-sm font-medium text-ink">
              Select all ({itemsText(items.length)})
            </label>
          </div>
          <div className="flex flex-wrap gap-2">
            {decisions.map((status) => (
              <Button
                key={status}
                size="sm"
                variant={status === "approved" ? "primary" : "secondary"}
                disabled={visibleSelected.length === 0 || pending}
                pending={busy === `selected:${status}`}
                onClick={() => decide(visibleSelected.map((i) => i.id), status, `selected:${status}`, itemsText(visibleSelected.length))}
              >
                {VERB[status]} selected ({visibleSelected.length})
              </Button>
            ))}
            {showing === "pending"
              ? decisions.map((status) => (
                  <Button key={`all-${status}`} size="sm" variant="ghost" disabled={pending} pending={busy === `all:${status}`} onClick={() => decideAll(status)}>
                    {VERB[status]} all
                  </Button>
                ))
              : null}
          </div>
        </div>
      )}

      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label={showing === "pending" ? "Waiting for review" : showing === "approved" ? "Approved" : "Rejected"}>
        {items.map((item) => {
          const checkboxId = `pick-${item.id}`;
          return (
            <li key={item.id} className="flex min-w-0 flex-col gap-2 rounded-card border border-surface-border bg-surface p-3" data-testid="moderation-item">
              <MediaThumb item={item} />
              <div className="flex min-w-0 items-start gap-2">
                <input
                  id={checkboxId}
                  type="checkbox"
                  className="mt-0.5 h-5 w-5 shrink-0 accent-brand"
                  checked={selected.has(item.id)}
                  onChange={(e) => toggle(item.id, e.target.checked)}
                />
                <label htmlFor={checkboxId} className="min-w-0 text-sm">
                  <span className="block break-words font-medium text-ink">{item.filename}</span>
                  <span className="block text-ink-muted">
                    {item.uploaderName ?? "A guest"} · {formatBytes(item.size)}
                  </span>
                </label>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={item.status} />
                <a href={item.url} target="_blank" rel="noopener" className="text-sm font-medium text-brand underline-offset-4 hover:underline">
                  Full size<span className="sr-only"> of {item.filename} (opens in a new tab)</span>
                </a>
              </div>
              <div className="flex gap-2">
                {decisions.map((status) => (
                  <Button
                    key={status}
                    size="sm"
                    variant={status === "approved" ? "primary" : "secondary"}
                    className="flex-1"
                    disabled={pending}
                    pending={busy === `${item.id}:${status}`}
                    onClick={() => decide([item.id], status, `${item.id}:${status}`, item.filename)}
                  >
                    {VERB[status]}
                    <span className="sr-only"> {item.filename}</span>
                  </Button>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
