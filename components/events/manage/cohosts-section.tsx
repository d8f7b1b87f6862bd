"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { addCohostAction, removeCohostAction } from "@/lib/events/actions";
import type { CohostView } from "@/lib/events/views";
import { sectionClass } from "./section-class";

/**
 * Who runs the event with the owner. The owner adds people by email or username and removes them;
 * a co-host sees the list and may step down.
 */
export function CohostsSection({ eventId, cohosts, isOwner, viewerId, max }: { eventId: string; cohosts: CohostView[]; isOwner: boolean; viewerId: string; max: number }) {
  const id = useId();
  const router = useRouter();
  const [who, setWho] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function add(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setListError(null);
    setNotice(null);
    if (!who.trim()) {
      setError("Enter the email or username of the person to add.");
      return;
    }
    startTransition(async () => {
      const result = await addCohostAction({ event_id: eventId, who });
      if (!result.ok) {
        setError(result.fieldErrors?.who?.[0] ?? result.message);
        return;
      }
      setWho("");
      setNotice(`${result.data.name || result.data.username || result.data.email} is now a co-host. We emailed them.`);
      router.refresh();
    });
  }

  function remove(person: CohostView) {
    setListError(null);
    setError(null);
    setNotice(null);
    setBusy(person.userId);
    startTransition(async () => {
      const result = await removeCohostAction({ event_id: eventId, user_id: person.userId });
      setBusy(null);
      if (!result.ok) {
        setListError(result.message);
        return;
      }
      setNotice(`${person.label} is no longer a co-host.`);
      router.refresh();
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className={`mt-8 ${sectionClass}`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold text-ink">
        Co-hosts <span className="font-normal text-ink-muted">({cohosts.length})</span>
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        Co-hosts approve guests, share the invite link, review photos and videos, post announcements and check people in. Only the owner edits
        or deletes the event and changes co-hosts.
      </p>
      {cohosts.length > 0 ? (
        <ul className="mt-4 divide-y divide-surface-border" aria-label="Co-hosts">
          {cohosts.map((person) => {
            const mine = person.userId === viewerId;
            return (
              <li key={person.userId} className="flex flex-wrap items-center gap-3 py-2">
                <Avatar name={person.label} src={person.image} />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-ink">
                    {person.label}
                    {mine ? <span className="font-normal text-ink-muted"> (you)</span> : null}
                  </p>
                  <p className="truncate text-sm text-ink-muted">{person.email}</p>
                </div>
                {isOwner || mine ? (
                  <Button
                    variant="secondary"
                    size="sm"
                    pending={busy === person.userId}
                    disabled={pending}
                    onClick={() => remove(person)}
                    aria-label={mine ? "Step down as co-host" : `Remove ${person.label} as co-host`}
                  >
                    {mine ? "Step down" : "Remove"}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-4 text-sm text-ink-muted">No co-hosts yet.</p>
      )}
      {isOwner ? (
        cohosts.length < max ? (
          <form onSubmit={add} noValidate className="mt-4 flex flex-wrap items-start gap-3">
            <Field
              id={`${id}-who`}
              label="Add a co-host"
              hint="Their email or username. They need an Invyta account."
              value={who}
              onChange={(e) => setWho(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              error={error ?? undefined}
              className="min-w-0 flex-1 basis-64"
            />
            <Button type="submit" variant="secondary" pending={pending && busy === null} className="sm:mt-7">
              Add co-host
            </Button>
          </form>
        ) : (
          <p className="mt-4 text-sm text-ink-muted">An event can have at most {max} co-hosts.</p>
        )
      ) : null}
      {listError ? <Alert className="mt-4">{listError}</Alert> : null}
      {notice ? (
        <Alert tone="success" className="mt-4">
          {notice}
        </Alert>
      ) : null}
    </section>
  );
}
