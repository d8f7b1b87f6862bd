"use client";

import { Link } from "@/components/ui/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { LocalDate } from "@/components/events/local-time";
import { RequestSummary, requesterName, type RequestRow } from "@/components/events/request-summary";
import { formatBytes } from "@/components/media/format";
import { MediaThumb } from "@/components/media/media-thumb";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Alert } from "@/components/ui/field";
import { textLink } from "@/components/ui/text-link";
import { decideInboxAction } from "@/lib/inbox/actions";
import type { MediaItemView } from "@/lib/media/views";

// One queue of everything waiting on the host, newest first: join requests and media to review,
// from every event they host. Decide one item (its buttons, or a/r on the focused one), the checked
// ones, or all shown; j/k move between items. A decided item leaves the list at once and the page
// (with the header's count) refreshes in place.

export type InboxEntry =
  | { key: string; kind: "request"; eventId: string; eventTitle: string; at: string; request: RequestRow }
  | { key: string; kind: "media"; eventId: string; eventTitle: string; at: string; media: MediaItemView };

type Decision = "approve" | "reject";

function nameOf(entry: InboxEntry): string {
  return entry.kind === "request" ? requesterName(entry.request) : entry.media.filename;
}

function itemsText(n: number): string {
  return `${n} ${n === 1 ? "item" : "items"}`;
}

function payloadOf(entry: InboxEntry) {
  return entry.kind === "request"
    ? { kind: "request" as const, event_id: entry.eventId, user_id: entry.request.user_id }
    : { kind: "media" as const, event_id: entry.eventId, file_id: entry.media.id };
}

/** The verb on an item's button: a request is approved or denied, media approved or rejected. */
function verb(entry: InboxEntry, decision: Decision): string {
  if (decision === "approve") return "Approve";
  return entry.kind === "request" ? "Deny" : "Reject";
}

/** Keys typed into a field are the field's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) && (el as HTMLInputElement).type !== "checkbox";
}

export function InboxQueue({ entries }: { entries: InboxEntry[] }) {
  const router = useRouter();
  const [decided, setDecided] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  // Busy while a decision is being saved; the page's refresh afterwards does not hold the next one up.
  const [, startTransition] = useTransition();
  const pending = busy !== null;
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const shown = entries.filter((e) => !decided.has(e.key));
  const picked = shown.filter((e) => selected.has(e.key));
  const current = Math.min(active, Math.max(shown.length - 1, 0));

  function focusAt(index: number) {
    const entry = shown[Math.max(0, Math.min(index, shown.length - 1))];
    if (!entry) return;
    setActive(shown.indexOf(entry));
    itemRefs.current.get(entry.key)?.focus();
  }

  function decide(chosen: InboxEntry[], decision: Decision, key: string, label: string) {
    if (chosen.length === 0 || pending) return;
    setBusy(key);
    setNote(null);
    startTransition(async () => {
      const result = await decideInboxAction({ items: chosen.map(payloadOf), decision });
      setBusy(null);
      if (!result.ok) {
        setNote({ tone: "error", text: result.message });
        return;
      }
      const failedKeys = new Set(
        result.data.failed.map((f) => `${f.item.kind}:${f.item.event_id}:${f.item.kind === "request" ? f.item.user_id : f.item.file_id}`),
      );
      // Everything sent leaves the list: decided now, or decided (or removed) by someone else before.
      setDecided((prev) => new Set([...prev, ...chosen.map((e) => e.key)]));
      setSelected((prev) => new Set([...prev].filter((k) => !chosen.some((e) => e.key === k))));
      const done = chosen.length - failedKeys.size;
      const words = decision === "approve" ? "Approved" : "Declined";
      const text = failedKeys.size
        ? `${words} ${itemsText(done)}; ${itemsText(failedKeys.size)} had already been decided or removed.`
        : `${words} ${label}.`;
      setNote({ tone: failedKeys.size && done === 0 ? "error" : "success", text });
      // The count in the header and the page's data; the next decision does not wait for it (`busy` is clear).
      router.refresh();
    });
  }

  // After a decision, keep the focus on the item that took the decided one's place.
  const lastShown = useRef(shown.length);
  useEffect(() => {
    if (shown.length < lastShown.current && document.activeElement === document.body) focusAt(current);
    lastShown.current = shown.length;
  });

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
    const entry = shown[current];
    switch (e.key) {
      case "j":
        e.preventDefault();
        focusAt(current + 1);
        break;
      case "k":
        e.preventDefault();
        focusAt(current - 1);
        break;
      case "a":
      case "r":
        if (!entry) return;
        e.preventDefault();
        decide([entry], e.key === "a" ? "approve" : "reject", `${entry.key}:${e.key === "a" ? "approve" : "reject"}`, nameOf(entry));
        break;
      case "x":
        if (!entry) return;
        e.preventDefault();
        setSelected((prev) => {
          const next = new Set(prev);
          if (next.has(entry.key)) next.delete(entry.key);
          else next.add(entry.key);
          return next;
        });
        break;
    }
  }

  if (shown.length === 0) {
    return (
      <div className="flex flex-col gap-3">
        <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
        <div className="rounded-card border border-dashed border-surface-border bg-surface p-8 text-center" data-testid="inbox-empty">
          <p className="font-medium text-ink">Nothing is waiting on you.</p>
          <p className="mt-1 text-sm text-ink-muted">Requests to join your private events and photos guests add show up here.</p>
        </div>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4" onKeyDown={onKeyDown}>
      <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
      <p className="hidden text-sm text-ink-muted sm:block" id="inbox-shortcuts">
        Keyboard: <kbd className="rounded border border-surface-border px-1">j</kbd> / <kbd className="rounded border border-surface-border px-1">k</kbd> next /
        previous, <kbd className="rounded border border-surface-border px-1">a</kbd> approve, <kbd className="rounded border border-surface-border px-1">r</kbd> deny or
        reject, <kbd className="rounded border border-surface-border px-1">x</kbd> select.
      </p>
      <div className="flex flex-col gap-3 rounded-card border border-surface-border bg-surface p-3 sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
        <label className="flex min-h-11 items-center gap-2 text-sm font-medium text-ink">
          <input
            type="checkbox"
            className="h-5 w-5 accent-brand"
            checked={picked.length === shown.length}
            onChange={(e) => setSelected(e.target.checked ? new Set(shown.map((x) => x.key)) : new Set())}
          />
          Select all shown ({itemsText(shown.length)})
        </label>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" disabled={picked.length === 0 || pending} pending={busy === "selected:approve"} onClick={() => decide(picked, "approve", "selected:approve", itemsText(picked.length))}>
            Approve selected ({picked.length})
          </Button>
          <Button size="sm" variant="secondary" disabled={picked.length === 0 || pending} pending={busy === "selected:reject"} onClick={() => decide(picked, "reject", "selected:reject", itemsText(picked.length))}>
            Decline selected ({picked.length})
          </Button>
          <Button size="sm" variant="ghost" disabled={pending} pending={busy === "all:approve"} onClick={() => decide(shown, "approve", "all:approve", itemsText(shown.length))}>
            Approve all shown
          </Button>
          <Button size="sm" variant="ghost" disabled={pending} pending={busy === "all:reject"} onClick={() => decide(shown, "reject", "all:reject", itemsText(shown.length))}>
            Decline all shown
          </Button>
        </div>
      </div>

      <ul className="flex flex-col gap-3" aria-label="Waiting for you" aria-describedby="inbox-shortcuts">
        {shown.map((entry, index) => {
          const name = nameOf(entry);
          const checkboxId = `pick-${entry.key}`;
          return (
            <li
              key={entry.key}
              ref={(el) => {
                if (el) itemRefs.current.set(entry.key, el);
                else itemRefs.current.delete(entry.key);
              }}
              tabIndex={index === current ? 0 : -1}
              onFocus={(e) => {
                if (e.target === e.currentTarget) setActive(index);
              }}
              aria-label={`${entry.kind === "request" ? "Request to join" : entry.media.kind === "video" ? "Video" : "Photo"} · ${name} · ${entry.eventTitle}`}
              data-testid="inbox-item"
              className={cn(
                "flex flex-col gap-3 rounded-card border bg-surface p-4 outline-none focus-visible:ring-2 focus-visible:ring-brand sm:flex-row sm:items-center",
                index === current ? "border-brand" : "border-surface-border",
              )}
            >
              <label htmlFor={checkboxId} className="-m-3 flex h-11 w-11 shrink-0 cursor-pointer items-center justify-center">
                <input
                  id={checkboxId}
                  type="checkbox"
                  className="h-5 w-5 accent-brand"
                  checked={selected.has(entry.key)}
                  onChange={(e) =>
                    setSelected((prev) => {
                      const next = new Set(prev);
                      if (e.target.checked) next.add(entry.key);
                      else next.delete(entry.key);
                      return next;
                    })
                  }
                  aria-label={`Select ${name}`}
                />
              </label>
              {entry.kind === "media" ? (
                <div className="w-full shrink-0 sm:w-40">
                  <MediaThumb item={entry.media} />
                </div>
              ) : null}
              <div className="min-w-0 flex-1">
                <p className="text-xs font-semibold uppercase tracking-wide text-ink-muted">
                  {entry.kind === "request" ? "Request to join" : entry.media.kind === "video" ? "Video to review" : "Photo to review"} ·{" "}
                  <Link href={`/events/${entry.eventId}`} className={cn(textLink, "normal-case")}>
                    {entry.eventTitle}
                  </Link>
                </p>
                {entry.kind === "request" ? (
                  <RequestSummary row={entry.request} />
                ) : (
                  <p className="break-words text-sm text-ink">
                    <span className="font-medium">{entry.media.filename}</span>
                    <span className="text-ink-muted">
                      {" "}
                      · {entry.media.uploaderName ?? "A guest"} · {formatBytes(entry.media.size)} · added <LocalDate iso={entry.media.uploadedAt} />
                    </span>
                  </p>
                )}
              </div>
              <div className="flex shrink-0 gap-2">
                {(["approve", "reject"] as const).map((decision) => (
                  <Button
                    key={decision}
                    size="sm"
                    variant={decision === "approve" ? "primary" : "secondary"}
                    className="flex-1 sm:flex-none"
                    disabled={pending}
                    pending={busy === `${entry.key}:${decision}`}
                    onClick={() => decide([entry], decision, `${entry.key}:${decision}`, name)}
                  >
                    {verb(entry, decision)}
                    <span className="sr-only"> {name}</span>
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
