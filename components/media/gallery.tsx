"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Alert } from "@/components/ui/field";
import { deleteMediaAction } from "@/lib/media/actions";
import type { MediaItemView } from "@/lib/media/views";
import { describeMedia, formatBytes, MEDIA_STATUS_LABELS } from "./format";

// The event's photos and videos: a grid of lazy-loaded previews; a lightbox (a modal <dialog>:
// Esc closes, arrow keys move, Tab stays inside) with the full photo or the video player.
// Images come from the media API with the session cookie, so they are plain <img> elements: the
// image optimizer would fetch them without the viewer's cookie.

const STATUS_TONES = {
  pending: "border-warning/30 bg-warning-soft text-warning",
  approved: "border-success/30 bg-success-soft text-success",
  rejected: "border-danger/30 bg-danger-soft text-danger",
} as const;

export function StatusBadge({ status }: { status: MediaItemView["status"] }) {
  return (
    <span className={cn("inline-flex items-center rounded-pill border px-2 py-0.5 text-xs font-semibold", STATUS_TONES[status])}>{MEDIA_STATUS_LABELS[status]}</span>
  );
}

function PlayIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-10 w-10">
      <circle cx="12" cy="12" r="11" fill="rgba(17,24,39,0.75)" />
      <path d="M10 8l6 4-6 4z" fill="#fff" />
    </svg>
  );
}

/** A square tile: the preview, or a clear video (or undecodable photo) tile. */
function Thumb({ item }: { item: MediaItemView }) {
  if (item.previewUrl) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- served by our API with the session cookie
      <img src={item.previewUrl} alt="" loading="lazy" decoding="async" width={480} height={480} className="h-full w-full object-cover" />
    );
  }
  return (
    <span className="flex h-full w-full flex-col items-center justify-center gap-2 bg-ink p-2 text-center text-white">
      {item.kind === "video" ? <PlayIcon /> : null}
      <span className="text-sm font-semibold">{item.kind === "video" ? "Video" : "Photo"}</span>
      <span className="line-clamp-2 break-all text-xs text-white/80">{item.filename}</span>
    </span>
  );
}

export function Gallery({ items, emptyText }: { items: MediaItemView[]; emptyText: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [note, setNote] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const current = open === null ? null : items[open] ?? null;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (current && !el.open) el.showModal();
    if (!current && el.open) el.close();
  }, [current]);

  function show(index: number, from: HTMLElement) {
    opener.current = from;
    setOpen(index);
  }

  function close() {
    setOpen(null);
    // Back to the tile that opened it.
    requestAnimationFrame(() => opener.current?.focus());
  }

  function move(step: number) {
    if (open === null || items.length === 0) return;
    setOpen((open + step + items.length) % items.length);
  }

  function onDialogKey(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key === "ArrowRight") {
      e.preventDefault();
      move(1);
    } else if (e.key === "ArrowLeft") {
      e.preventDefault();
      move(-1);
    } else if (e.key === "Tab") {
      // The modal dialog already makes the page inert; this keeps Tab cycling inside it too.
      const focusable = Array.from(
        dialog.current?.querySelectorAll<HTMLElement>("button, a[href], video[controls], [tabindex]:not([tabindex='-1'])") ?? [],
      ).filter((el) => !el.hasAttribute("disabled"));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  function remove(item: MediaItemView) {
    setNote(null);
    startTransition(async () => {
      const result = await deleteMediaAction({ event_id: item.eventId, file_id: item.id });
      setConfirming(null);
      if (!result.ok) {
        setNote({ tone: "error", text: result.message });
        return;
      }
      setNote({ tone: "success", text: `Deleted ${item.filename}.` });
      if (current?.id === item.id) close();
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col gap-4">
      <div aria-live="polite">{note ? <Alert tone={note.tone}>{note.text}</Alert> : null}</div>
      {items.length === 0 ? (
        <p className="rounded-card border border-dashed border-surface-border bg-surface p-6 text-center text-ink-muted">{emptyText}</p>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4" aria-label="Photos and videos">
          {items.map((item, index) => (
            <li key={item.id} className="flex min-w-0 flex-col gap-1.5" data-testid="media-tile">
              <button
                type="button"
                onClick={(e) => show(index, e.currentTarget)}
                className="relative aspect-square w-full overflow-hidden rounded-control border border-surface-border bg-surface-sunken focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
              >
                <Thumb item={item} />
                {item.kind === "video" && item.previewUrl ? (
                  <span className="absolute inset-0 flex items-center justify-center">
                    <PlayIcon />
                  </span>
                ) : null}
                <span className="sr-only">
                  Open {describeMedia(item)}
                  {item.status !== "approved" ? ` (${MEDIA_STATUS_LABELS[item.status]})` : ""}
                </span>
              </button>
              <div className="flex min-w-0 flex-wrap items-center gap-1.5">
                {item.status !== "approved" ? <StatusBadge status={item.status} /> : null}
                {item.uploaderName ? <span className="min-w-0 truncate text-xs text-ink-muted">{item.mine ? "You" : item.uploaderName}</span> : null}
              </div>
              {item.canDelete ? (
                confirming === item.id ? (
                  <div className="flex flex-wrap gap-1.5">
                    <Button size="sm" variant="danger" onClick={() => remove(item)} pending={pending}>
                      Delete<span className="sr-only"> {item.filename}</span> for good
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => setConfirming(null)} disabled={pending}>
                      Keep
                    </Button>
                  </div>
                ) : (
                  <Button size="sm" variant="ghost" className="self-start px-2" onClick={() => setConfirming(item.id)}>
                    Delete<span className="sr-only"> {item.filename}</span>
                  </Button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <dialog
        ref={dialog}
        aria-labelledby="lightbox-title"
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
        onKeyDown={onDialogKey}
        onClick={(e) => {
          // A click on the backdrop (the dialog itself, outside its content) closes it.
          if (e.target === e.currentTarget) close();
        }}
        className="m-auto max-h-[100dvh] w-full max-w-5xl bg-transparent p-0 backdrop:bg-ink/90"
      >
        {current ? (
          <div className="flex max-h-[100dvh] flex-col gap-3 p-3 sm:p-4" data-testid="lightbox">
            <div className="flex items-center justify-between gap-3 text-white">
              <h2 id="lightbox-title" className="min-w-0 truncate text-base font-semibold">
                {describeMedia(current)}
                <span className="sr-only">
                  , {open! + 1} of {items.length}
                </span>
              </h2>
              <Button variant="secondary" size="sm" onClick={close} autoFocus>
                Close
              </Button>
            </div>
            <div className="flex min-h-0 flex-1 items-center justify-center">
              {current.kind === "video" ? (
                <video key={current.id} src={current.url} controls preload="metadata" playsInline className="max-h-[75dvh] w-full rounded-control bg-black">
                  <a href={current.url}>Download the video</a>
                </video>
              ) : (
                // eslint-disable-next-line @next/next/no-img-element -- served by our API with the session cookie
                <img key={current.id} src={current.url} alt={describeMedia(current)} className="max-h-[75dvh] w-auto max-w-full rounded-control object-contain" />
              )}
            </div>
            <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-white">
              <p className="min-w-0 break-words" data-testid="lightbox-caption">
                {current.filename} · {formatBytes(current.size)}
                {current.status !== "approved" ? ` · ${MEDIA_STATUS_LABELS[current.status]}` : ""}
              </p>
              <div className="flex gap-2">
                <a href={current.url} download={current.filename} className="inline-flex min-h-9 items-center rounded-control px-3 font-medium text-white underline underline-offset-4">
                  Download
                </a>
                {items.length > 1 ? (
                  <>
                    <Button variant="secondary" size="sm" onClick={() => move(-1)}>
                      <span aria-hidden="true">←</span> Previous
                    </Button>
                    <Button variant="secondary" size="sm" onClick={() => move(1)}>
                      Next <span aria-hidden="true">→</span>
                    </Button>
                  </>
                ) : null}
              </div>
            </div>
          </div>
        ) : null}
      </dialog>
    </div>
  );
}
