"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ALLOWED_TYPES_TEXT, SNIFF_BYTES, sniffMedia } from "@/lib/media/sniff";
import { formatBytes } from "./format";

// Photos and videos go straight to the streaming API route with the session cookie, one request per
// file, so each has its own progress bar and cancel button. The server decides; the checks here only
// spare a long wait for a file that is certainly too large.

/** "processing": every byte is sent and the server is checking and storing the file (it answers when done). */
type State = "queued" | "uploading" | "processing" | "done" | "failed" | "cancelled";
type Upload = { key: string; file: File; state: State; sent: number; message: string | null };

const PARALLEL = 2;

function messageFor(status: number, body: unknown): string {
  const error = typeof body === "object" && body && "error" in body && typeof body.error === "string" ? body.error : null;
  if (status === 401) return "Your session has ended. Sign in again, then retry.";
  if (error) return error;
  if (status === 413) return "That file is too large.";
  if (status === 415) return "That file is not a photo or video we can take.";
  if (status === 403) return "You cannot add photos or videos to this event.";
  return "The upload failed. Please try again.";
}

export function Uploader({ eventId, limits }: { eventId: string; limits: { image: number; video: number } }) {
  const router = useRouter();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const requests = useRef(new Map<string, XMLHttpRequest>());
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  const update = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const queue = useRef<Upload[]>([]);
  const lastKey = useRef(0);

  // At most PARALLEL uploads at once, in the order chosen; each finished one starts the next.
  function pump() {
    while (requests.current.size < PARALLEL && queue.current.length > 0) {
      const upload = queue.current.shift()!;
      const xhr = new XMLHttpRequest();
      requests.current.set(upload.key, xhr);
      update(upload.key, { state: "uploading", sent: 0 });
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) update(upload.key, { sent: Math.min(e.loaded, upload.file.size) });
      };
      // The last byte is out: what remains is the server's work, not the connection's. Shown at once
      // (flushSync), before the answer can arrive, so the row never jumps from 100 % to done unexplained.
      xhr.upload.onload = () => flushSync(() => update(upload.key, { state: "processing", sent: upload.file.size }));
      const finish = (change: Partial<Upload>, note: string) => {
        requests.current.delete(upload.key);
        update(upload.key, change);
        setAnnouncement(note);
        pump();
      };
      xhr.onload = () => {
        let body: unknown = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON */
        }
        if (xhr.status === 201) {
          const status = (body as { status?: string } | null)?.status;
          const text = status === "approved" ? "Added to the gallery." : "Uploaded. The host will review it before others can see it.";
          finish({ state: "done", sent: upload.file.size, message: text }, `${upload.file.name}: ${text}`);
          router.refresh();
        } else {
          const text = messageFor(xhr.status, body);
          finish({ state: "failed", message: text }, `${upload.file.name} was not uploaded: ${text}`);
        }
      };
      xhr.onerror = () => finish({ state: "failed", message: "The connection broke off. Check your connection and try again." }, `${upload.file.name} was not uploaded.`);
      xhr.onabort = () => finish({ state: "cancelled", message: "Cancelled." }, `${upload.file.name}: upload cancelled.`);
      const form = new FormData();
      form.append("file", upload.file, upload.file.name);
      xhr.open("POST", `/api/v1/events/${encodeURIComponent(eventId)}/media`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.send(form);
    }
  }

  function cancel(upload: Upload) {
    const xhr = requests.current.get(upload.key);
    if (xhr) return xhr.abort();
    queue.current = queue.current.filter((u) => u.key !== upload.key);
    update(upload.key, { state: "cancelled", message: "Cancelled." });
  }

  useEffect(() => {
    const live = requests.current;
    return () => {
      queue.current = [];
      for (const xhr of live.values()) xhr.abort();
    };
  }, []);

  async function precheck(file: File): Promise<string | null> {
    if (file.size === 0) return "The file is empty.";
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    const kind = (await sniffMedia(head))?.kind ?? (file.type.startsWith("video/") ? "video" : file.type.startsWith("image/") ? "image" : null);
    if (kind && file.size > limits[kind]) {
      return `That ${kind === "image" ? "photo" : "video"} is larger than ${formatBytes(limits[kind])}, the limit for ${kind === "image" ? "photos" : "videos"}.`;
    }
    return null;
  }

  async function add(files: FileList | File[]) {
    const list = Array.from(files);
    if (list.length === 0) return;
    const added: Upload[] = [];
    for (const file of list) {
      const problem = await precheck(file);
      const key = `upload-${(lastKey.current += 1)}`;
      added.push({ key, file, state: problem ? "failed" : "queued", sent: 0, message: problem });
    }
    setUploads((prev) => [...prev, ...added]);
    queue.current.push(...added.filter((u) => u.state === "queued"));
    setAnnouncement(`${list.length} ${list.length === 1 ? "file" : "files"} added.`);
    if (input.current) input.current.value = "";
    // After React has the new rows, so their first progress update lands on them.
    setTimeout(pump, 0);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void add(e.dataTransfer.files);
  }

  const active = uploads.some((u) => u.state === "queued" || u.state === "uploading" || u.state === "processing");

  return (
    <div className="flex flex-col gap-4">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="media-dropzone"
        className={cn(
          "flex flex-col items-center gap-3 rounded-card border-2 border-dashed px-4 py-8 text-center transition-colors",
          dragging ? "border-brand bg-brand-soft" : "border-surface-border bg-surface-sunken",
        )}
      >
        <p className="font-medium text-ink">
          <span className="hidden sm:inline">Drag photos and videos here, or</span>
          <span className="sm:hidden">Add photos and videos from your phone</span>
        </p>
        <Button onClick={() => input.current?.click()} aria-describedby={`${inputId}-hint`}>
          Choose photos or videos
        </Button>
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          accept="image/*,video/*"
          className="sr-only"
          tabIndex={-1}
          aria-label="Photos or videos to upload"
          onChange={(e) => e.target.files && void add(e.target.files)}
        />
        <p id={`${inputId}-hint`} className="max-w-prose text-sm text-ink-muted">
          {ALLOWED_TYPES_TEXT}. Photos up to {formatBytes(limits.image)}, videos up to {formatBytes(limits.video)}. Location data is removed from photos.
        </p>
      </div>

      <p aria-live="polite" role="status" className="sr-only">
        {announcement}
      </p>

      {uploads.length > 0 ? (
        <div className="flex flex-col gap-2">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-ink">Uploads</h3>
            {!active ? (
              <Button size="sm" variant="ghost" onClick={() => setUploads([])}>
                Clear list
              </Button>
            ) : null}
          </div>
          <ul className="flex flex-col gap-2" aria-label="Uploads">
            {uploads.map((u) => (
              <UploadRow key={u.key} upload={u} onCancel={() => cancel(u)} />
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function UploadRow({ upload, onCancel }: { upload: Upload; onCancel: () => void }) {
  const labelId = useId();
  const percent = upload.file.size ? Math.round((upload.sent / upload.file.size) * 100) : 0;
  const tone =
    upload.state === "failed" ? "text-danger" : upload.state === "done" ? "text-success" : "text-ink-muted";
  return (
    <li className="rounded-control border border-surface-border bg-surface p-3" data-testid="upload-row" data-state={upload.state}>
      <div className="flex min-w-0 items-center justify-between gap-3">
        <p id={labelId} className="min-w-0 break-words text-sm font-medium text-ink">
          {upload.file.name} <span className="font-normal text-ink-muted">({formatBytes(upload.file.size)})</span>
        </p>
        {upload.state === "uploading" || upload.state === "queued" || upload.state === "processing" ? (
          <Button size="sm" variant="secondary" onClick={onCancel}>
            Cancel<span className="sr-only"> upload of {upload.file.name}</span>
          </Button>
        ) : null}
      </div>
      {upload.state === "processing" ? (
        // No value: an indeterminate bar, moving while the server works.
        <progress className="mt-2 h-2 w-full overflow-hidden rounded-pill accent-brand" max={100} aria-labelledby={labelId} aria-valuetext="Processing" />
      ) : upload.state === "uploading" || upload.state === "queued" || upload.state === "done" ? (
        <progress
          className="mt-2 h-2 w-full overflow-hidden rounded-pill accent-brand"
          max={100}
          value={upload.state === "queued" ? 0 : percent}
          aria-labelledby={labelId}
          aria-valuetext={upload.state === "queued" ? "Waiting" : `${percent}%`}
        />
      ) : null}
      <p className={cn("mt-1 text-sm", tone)} role={upload.state === "failed" ? "alert" : undefined}>
        {upload.state === "queued"
          ? "Waiting…"
          : upload.state === "uploading"
            ? `${percent}%`
            : upload.state === "processing"
              ? "Processing: checking the file and saving it…"
              : upload.message}
      </p>
    </li>
  );
}
