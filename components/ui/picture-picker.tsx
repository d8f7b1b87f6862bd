"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Button, buttonClass } from "./button";
import { cn } from "./cn";

// Choosing a picture that stands for something (an event's cover, a person's avatar): the file goes
// to its API route as multipart/form-data with the session cookie; the server crops it and the page
// is refreshed to show the result. Errors come back as the API's JSON message, shown beside the control.

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif";
const MAX_BYTES = 15 * 1024 * 1024;

type Props = {
  /** PUT stores a new picture, DELETE removes it. */
  endpoint: string;
  label: string;
  /** The current picture's URL, or null. */
  current: string | null;
  shape: "wide" | "round";
  hint: string;
  /** Shown in place of a picture when there is none (the theme, the initials). */
  placeholder: React.ReactNode;
};

type State = { busy: "upload" | "remove" | null; error: string | null; done: string | null };

async function messageOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  if (typeof body?.error === "string") return body.error;
  return res.status === 413 ? "That photo is too large." : "Something went wrong. Try again.";
}

export function PicturePicker({ endpoint, label, current, shape, hint, placeholder }: Props) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [state, setState] = useState<State>({ busy: null, error: null, done: null });

  async function send(method: "PUT" | "DELETE", body?: FormData) {
    setState({ busy: method === "PUT" ? "upload" : "remove", error: null, done: null });
    try {
      const res = await fetch(endpoint, { method, body, credentials: "same-origin" });
      if (!res.ok) {
        setState({ busy: null, error: await messageOf(res), done: null });
        return;
      }
      setState({ busy: null, error: null, done: method === "PUT" ? `${label} saved.` : `${label} removed.` });
      router.refresh();
    } catch {
      setState({ busy: null, error: "Could not reach Invyta. Check your connection and try again.", done: null });
    }
  }

  function chosen(file: File | undefined) {
    if (input.current) input.current.value = "";
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setState({ busy: null, error: "That photo is larger than 15 MB.", done: null });
      return;
    }
    const form = new FormData();
    form.append("file", file);
    void send("PUT", form);
  }

  const frame = shape === "wide" ? "aspect-[2/1] w-full max-w-md rounded-card" : "h-20 w-20 rounded-full";
  return (
    <div className={cn("flex gap-4", shape === "wide" ? "flex-col" : "flex-row items-center")}>
      <div className={cn("relative shrink-0 overflow-hidden bg-surface-sunken", frame)}>
        {current ? (
          // eslint-disable-next-line @next/next/no-img-element -- cut to size by the server, served by our own route
          <img src={current} alt={`Current ${label.toLowerCase()}`} className="h-full w-full object-cover" />
        ) : (
          placeholder
        )}
        {state.busy === "upload" ? (
          <span className="absolute inset-0 flex items-center justify-center bg-black/50 text-sm font-medium text-white">Processing…</span>
        ) : null}
      </div>
      <div className="min-w-0">
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            id={id}
            type="file"
            accept={ACCEPT}
            className="peer sr-only"
            disabled={state.busy !== null}
            aria-describedby={`${id}-hint`}
            onChange={(e) => chosen(e.target.files?.[0])}
          />
          <label
            htmlFor={id}
            className={buttonClass(
              "secondary",
              "sm",
              cn("cursor-pointer peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand", state.busy && "pointer-events-none opacity-60"),
            )}
          >
            {current ? `Change ${label.toLowerCase()}` : `Add ${label.toLowerCase()}`}
          </label>
          {current ? (
            <Button variant="ghost" size="sm" pending={state.busy === "remove"} disabled={state.busy !== null} onClick={() => void send("DELETE")}>
              Remove
            </Button>
          ) : null}
        </div>
        <p id={`${id}-hint`} className="mt-2 text-sm text-ink-muted">
          {hint}
        </p>
        {state.error ? (
          <p role="alert" className="mt-1 text-sm text-danger">
            {state.error}
          </p>
        ) : null}
        <p role="status" className="mt-1 text-sm text-ink-muted">
          {state.done ?? (state.busy === "upload" ? "Uploading and cropping…" : "")}
        </p>
      </div>
    </div>
  );
}
