"use client";

import { useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from "react";
import { cn } from "@/components/ui/cn";

export type TagCheck = { tag: string } | { error: string };

/** For the form: add what is still typed in the box; false when it is not a valid tag. */
export type TagInputHandle = { commit: () => boolean };

type TagInputProps = {
  id: string;
  label: string;
  value: string[];
  onChange: (tags: string[]) => void;
  onBlur?: () => void;
  /** Turns typed text into a tag (e.g. lower case) or says why it cannot be one. */
  check: (raw: string) => TagCheck;
  max: number;
  /** Singular and plural noun for messages: ["category", "categories"]. */
  noun?: [string, string];
  hint?: ReactNode;
  error?: string;
  /** For the form library: focus on error. */
  inputRef?: (node: HTMLInputElement | null) => void;
  ref?: Ref<TagInputHandle>;
};

/**
 * A text box that turns entries into removable chips: Enter or a comma adds, Backspace in the empty
 * box removes the last one. Changes are announced through a polite live region.
 *
 * Text left in the box is added when the form submits (through `ref`), not on blur: a chip that
 * appears on blur can push the submit button away between mouse-down and mouse-up, losing the click.
 */
export function TagInput({ id, label, value, onChange, onBlur, check, max, noun = ["tag", "tags"], hint, error, inputRef, ref }: TagInputProps) {
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const boxRef = useRef<HTMLInputElement | null>(null);

  const shownError = draftError ?? error;
  const hintId = `${id}-hint`;
  const errorId = shownError ? `${id}-error` : undefined;

  function setInputRef(node: HTMLInputElement | null) {
    boxRef.current = node;
    inputRef?.(node);
  }

  /** Adds each entry in turn; returns the entries that could not be added, to leave them in the box. */
  function add(entries: string[]): string {
    const tags = [...value];
    const added: string[] = [];
    let problem: string | null = null;
    let rest = "";
    for (const [i, raw] of entries.entries()) {
      if (raw.trim() === "") continue;
      const result = check(raw);
      if (!("error" in result) && tags.includes(result.tag)) {
        problem = `“${result.tag}” is already in the list.`;
        continue;
      }
      if ("error" in result || tags.length >= max) {
        problem = "error" in result ? result.error : `You can add up to ${max} ${noun[1]}.`;
        rest = entries.slice(i).join(",").trim();
        break;
      }
      tags.push(result.tag);
      added.push(result.tag);
    }
    if (added.length > 0) onChange(tags);
    setDraftError(problem);
    setAnnouncement(problem ?? `Added ${added.join(", ")}. ${tags.length} of ${max} ${noun[1]}.`);
    return rest;
  }

  function remove(tag: string) {
    const tags = value.filter((t) => t !== tag);
    onChange(tags);
    setDraftError(null);
    setAnnouncement(`Removed ${tag}. ${tags.length} of ${max} ${noun[1]}.`);
  }

  function commitDraft(): boolean {
    if (draft.trim() === "") return true;
    const rest = add([draft]);
    setDraft(rest);
    return rest === "";
  }

  useImperativeHandle(ref, () => ({
    commit() {
      const ok = commitDraft();
      if (!ok) boxRef.current?.focus();
      return ok;
    },
  }));

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === "Enter" || event.key === ",") && draft.trim() !== "") {
      event.preventDefault(); // Enter would submit the form; a comma would land in the box
      commitDraft();
    } else if (event.key === ",") {
      event.preventDefault();
    } else if (event.key === "Backspace" && draft === "" && value.length > 0) {
      event.preventDefault();
      remove(value[value.length - 1]!);
    }
  }

  // Soft keyboards often report every key as "Unidentified", and pasted text may hold commas, so a
  // comma is also handled here: everything before the last one becomes tags.
  function onTextChange(text: string) {
    setDraftError(null);
    if (!text.includes(",")) return setDraft(text);
    const parts = text.split(",");
    const tail = parts.pop() ?? "";
    const rest = add(parts);
    setDraft(rest && tail ? `${rest},${tail}` : rest || tail);
  }

  function removeAndRefocus(tag: string) {
    remove(tag);
    boxRef.current?.focus(); // the button that had focus is gone
  }

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <div
        className={cn(
          "flex min-h-11 w-full flex-wrap items-center gap-2 rounded-control border bg-surface p-1.5 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand",
          shownError ? "border-danger" : "border-surface-border",
        )}
      >
        {value.length > 0 ? (
          <ul aria-label={`Chosen ${noun[1]}`} className="flex flex-wrap gap-2">
            {value.map((tag) => (
              <li key={tag} className="inline-flex min-h-11 items-center gap-1 rounded-pill bg-brand-soft pl-3 text-sm font-medium text-brand-ink">
                <span>{tag}</span>
                <button
                  type="button"
                  aria-label={`Remove ${tag}`}
                  onClick={() => removeAndRefocus(tag)}
                  className="inline-flex size-11 items-center justify-center rounded-pill text-base hover:bg-brand hover:text-white focus-visible:outline-2 focus-visible:outline-brand"
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          ref={setInputRef}
          id={id}
          type="text"
          value={draft}
          onChange={(e) => onTextChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          enterKeyHint="enter"
          aria-invalid={shownError ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
          className="min-h-11 min-w-32 flex-1 bg-transparent px-1.5 text-base text-ink placeholder:text-ink-subtle focus:outline-none"
          placeholder={value.length >= max ? "" : `Add a ${noun[0]}`}
        />
      </div>
      <p id={hintId} className="text-sm text-ink-muted">
        {hint} {value.length} of {max} {noun[1]}.
      </p>
      {shownError ? (
        <p id={errorId} className="text-sm font-medium text-danger">
          {shownError}
        </p>
      ) : null}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
