"use client";

import { Link } from "@/components/ui/link";
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { LinkifiedSegments } from "@/components/events/linkified-segments";
import { useBrowserTimeZone } from "@/components/events/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn, idRefs } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/field";
import { LengthCounter } from "@/components/ui/length-counter";
import { textLength } from "@/lib/characters";
import { deleteCommentAction, olderCommentsAction, postCommentAction } from "@/lib/events/actions";
import { COMMENT_EMPTY, COMMENT_MAX, COMMENT_TOO_LONG } from "@/lib/events/comment-rules";
import type { CommentItemView } from "@/lib/events/comment-views";

// The event page's comments once they are on the page: the form, the list (newest first), deleting
// with a confirmation, and older pages on demand. What happened is said in one polite live region.
// No zod here (the page is opened from invite links on phones): the form checks length with the
// counter's own counting, and the server action checks everything with the shared schema.

type Props = { eventId: string; hostId: string; initial: CommentItemView[]; nextCursor: string | null };

export function CommentThread({ eventId, hostId, initial, nextCursor }: Props) {
  const [comments, setComments] = useState(initial);
  const [cursor, setCursor] = useState(nextCursor);
  const [said, say] = useState("");
  const [olderError, setOlderError] = useState<string | null>(null);
  const [loadingOlder, startLoadingOlder] = useTransition();
  const list = useRef<HTMLDivElement>(null);

  function loadOlder() {
    if (!cursor) return;
    setOlderError(null);
    startLoadingOlder(async () => {
      const result = await olderCommentsAction({ event_id: eventId, cursor });
      if (!result.ok) return setOlderError(result.message);
      setComments((shown) => [...shown, ...result.data.comments.filter((c) => !shown.some((s) => s.id === c.id))]);
      setCursor(result.data.next_cursor);
      const n = result.data.comments.length;
      say(`${n} older comment${n === 1 ? "" : "s"} shown.`);
    });
  }

  function deleted(id: string) {
    setComments((shown) => shown.filter((c) => c.id !== id));
    say("Comment deleted.");
    list.current?.focus();
  }

  return (
    <div className="mt-3 flex flex-col gap-4">
      <CommentForm
        eventId={eventId}
        onPosted={(comment) => {
          setComments((shown) => [comment, ...shown]);
          say("Your comment is posted.");
        }}
      />
      <p role="status" className="sr-only">
        {said}
      </p>
      <div ref={list} tabIndex={-1} className="outline-none">
        {comments.length === 0 ? (
          <EmptyState>No comments yet. Ask about the plan, or tell everyone you are looking forward to it.</EmptyState>
        ) : (
          <ol aria-label="Comments, newest first" className="flex flex-col gap-3">
            {comments.map((comment) => (
              <li key={comment.id}>
                <CommentItem eventId={eventId} comment={comment} byHost={comment.authorId === hostId} onDeleted={deleted} />
              </li>
            ))}
          </ol>
        )}
      </div>
      {olderError ? <Alert>{olderError}</Alert> : null}
      {cursor ? (
        <Button variant="secondary" className="self-start" pending={loadingOlder} onClick={loadOlder}>
          Older comments
        </Button>
      ) : null}
    </div>
  );
}

function CommentForm({ eventId, onPosted }: { eventId: string; onPosted: (comment: CommentItemView) => void }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startPosting] = useTransition();
  const field = useRef<HTMLTextAreaElement>(null);

  function refuse(message: string) {
    setError(message);
    field.current?.focus();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const used = textLength(body, { trim: true });
    if (used === 0) return refuse(COMMENT_EMPTY);
    if (used > COMMENT_MAX) return refuse(COMMENT_TOO_LONG);
    setError(null);
    startPosting(async () => {
      const result = await postCommentAction({ event_id: eventId, body });
      if (!result.ok) return refuse(result.fieldErrors?.body?.[0] ?? result.message);
      setBody("");
      onPosted(result.data);
    });
  }

  // method="post": a submit before hydration must not put the comment into the URL.
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-1.5">
      <label htmlFor="comment-body" className="text-sm font-medium text-ink">
        Add a comment
      </label>
      <textarea
        ref={field}
        id="comment-body"
        name="body"
        rows={3}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={idRefs("comment-count", error && "comment-error")}
        placeholder="Links are fine: they show as links."
        className={cn(
          "w-full rounded-control border bg-surface px-3 py-2 text-base text-ink placeholder:text-ink-subtle",
          error ? "border-danger" : "border-surface-border",
        )}
      />
      <div className="flex items-start justify-between gap-3">
        <Button type="submit" pending={pending}>
          Post comment
        </Button>
        <LengthCounter id="comment-count" value={body} max={COMMENT_MAX} className="pt-3" />
      </div>
      {error ? (
        <p id="comment-error" role="alert" className="text-sm font-medium text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}

type ItemProps = { eventId: string; comment: CommentItemView; byHost: boolean; onDeleted: (id: string) => void };

function CommentItem({ eventId, comment, byHost, onDeleted }: ItemProps) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startDeleting] = useTransition();
  const askButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the question: onto "Yes, delete" when it is asked, back to "Delete" when it is not.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) askButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  function remove() {
    setError(null);
    startDeleting(async () => {
      const result = await deleteCommentAction({ event_id: eventId, comment_id: comment.id });
      // Already gone (deleted in another tab, or by the host): it goes from the list all the same.
      if (result.ok || result.code === "not_found") return onDeleted(comment.id);
      setError(result.message);
    });
  }

  return (
    <article aria-label={`Comment by ${comment.authorName}`} className="rounded-card border border-surface-border bg-surface px-4 pb-4 pt-1">
      <header className="flex flex-wrap items-center gap-x-3 text-sm text-ink-muted">
        <span className="flex items-center gap-2">
          <Link href={`/users/${comment.authorId}`} className="inline-flex min-h-11 items-center font-medium text-ink hover:text-brand">
            {comment.authorName}
          </Link>
          {byHost ? <Badge tone="brand">Host</Badge> : null}
        </span>
        <PostedAt iso={comment.createdAt} />
      </header>
      <p className="break-words text-ink">
        <LinkifiedSegments segments={comment.segments} />
      </p>
      {comment.canDelete ? (
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {confirming ? (
            <>
              <span className="basis-full text-sm text-ink sm:basis-auto">Delete this comment?</span>
              <Button ref={confirmButton} variant="danger" size="sm" pending={pending} onClick={remove}>
                Yes, delete
              </Button>
              <Button variant="secondary" size="sm" disabled={pending} onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button ref={askButton} variant="ghost" size="sm" className="-ml-3" onClick={() => setConfirming(true)}>
              Delete<span className="sr-only"> comment by {comment.authorName}</span>
            </Button>
          )}
        </div>
      ) : null}
      {error ? <Alert className="mt-2">{error}</Alert> : null}
    </article>
  );
}

/** When a comment was posted, short, in the viewer's zone once hydrated (UTC on the server, labelled). */
function PostedAt({ iso }: { iso: string }) {
  const timeZone = useBrowserTimeZone() ?? "UTC";
  const text = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short", timeZone }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}
