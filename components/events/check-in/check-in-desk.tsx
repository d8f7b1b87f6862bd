"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { CheckInCounts, CheckInGuest, CheckInPage } from "@/lib/events/check-in";
import { QrCamera } from "./qr-camera";

// The door on a host's phone. Every check-in goes through the JSON API with the session cookie
// (POST /api/v1/events/{id}/check-ins, the same service as API clients), and each answer brings the
// counts; between scans they are polled, so two hosts at two doors see each other's check-ins.

const POLL_MS = 5_000;

type Result = { ok: true; guest: CheckInGuest } | { ok: false; message: string };
type ApiError = { error?: string };

function timeOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

async function callApi<T>(url: string, init?: RequestInit): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers }, cache: "no-store" });
    const body = (await res.json().catch(() => ({}))) as T & ApiError;
    if (res.ok) return { ok: true, data: body };
    return { ok: false, message: body.error ?? `Something went wrong (${res.status}). Try again.` };
  } catch {
    return { ok: false, message: "No connection. Check the phone's network and try again." };
  }
}

export function CheckInDesk({ eventId, timeZone, initial }: { eventId: string; timeZone: string; initial: CheckInPage }) {
  const api = `/api/v1/events/${eventId}/check-ins`;
  const [counts, setCounts] = useState<CheckInCounts>(initial.counts);
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [guests, setGuests] = useState<CheckInGuest[]>(initial.guests);
  const [next, setNext] = useState<string | null>(initial.next_cursor);
  const [query, setQuery] = useState("");
  const [searched, setSearched] = useState("");
  const [listNote, setListNote] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const showGuest = useCallback((guest: CheckInGuest) => {
    setGuests((list) => list.map((g) => (g.user_id === guest.user_id ? guest : g)));
  }, []);

  const submit = useCallback(
    async (body: { ticket: string } | { user_id: string }) => {
      setBusy(true);
      const answer = await callApi<{ guest: CheckInGuest; counts: CheckInCounts }>(api, { method: "POST", body: JSON.stringify(body) });
      setBusy(false);
      if (answer.ok) {
        setCounts(answer.data.counts);
        showGuest(answer.data.guest);
        setResult({ ok: true, guest: answer.data.guest });
      } else {
        setResult({ ok: false, message: answer.message });
      }
      navigator.vibrate?.(answer.ok ? 120 : [80, 60, 80]);
      // The result is what the host looks at next: it takes the focus (and the screen) from the camera.
      window.requestAnimationFrame(() => {
        resultRef.current?.focus();
        resultRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
      });
    },
    [api, showGuest],
  );

  const onScan = useCallback(
    (text: string) => {
      setScanning(false);
      void submit({ ticket: text });
    },
    [submit],
  );

  async function undo(guest: CheckInGuest) {
    setBusy(true);
    const answer = await callApi<{ guest: CheckInGuest; counts: CheckInCounts }>(`${api}/${guest.user_id}`, { method: "DELETE" });
    setBusy(false);
    if (answer.ok) {
      setCounts(answer.data.counts);
      showGuest(answer.data.guest);
      setResult(null);
    } else {
      setResult({ ok: false, message: answer.message });
    }
  }

  async function load(q: string, cursor: string | null) {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (cursor) params.set("cursor", cursor);
    const answer = await callApi<CheckInPage>(`${api}?${params}`);
    if (!answer.ok) {
      setListNote(answer.message);
      return;
    }
    setListNote(null);
    setCounts(answer.data.counts);
    setGuests((list) => (cursor ? [...list, ...answer.data.guests] : answer.data.guests));
    setNext(answer.data.next_cursor);
    setSearched(q);
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void load(query.trim(), null);
  }

  // Counts move when other hosts check people in, and when guests change their RSVP.
  useEffect(() => {
    const timer = window.setInterval(async () => {
      if (document.hidden) return;
      const answer = await callApi<CheckInPage>(`${api}?limit=1`);
      if (answer.ok) setCounts(answer.data.counts);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [api]);

  return (
    <div className="mt-4 flex flex-col gap-4">
      <CountsCard counts={counts} />

      <div ref={resultRef} tabIndex={-1} className="scroll-mt-4 outline-none">
        {result ? (
          <ResultCard
            result={result}
            timeZone={timeZone}
            busy={busy}
            onNext={() => {
              setResult(null);
              setScanning(true);
            }}
            onUndo={undo}
          />
        ) : null}
      </div>

      <section aria-labelledby="scan-title" className="rounded-card border border-surface-border bg-surface p-4 shadow-sm">
        <h2 id="scan-title" className="text-lg font-semibold text-ink">
          Scan tickets
        </h2>
        <QrCamera active={scanning && !busy} onActiveChange={setScanning} onScan={onScan} />
      </section>

      <section aria-labelledby="find-title" className="rounded-card border border-surface-border bg-surface p-4 shadow-sm">
        <h2 id="find-title" className="text-lg font-semibold text-ink">
          Find a guest
        </h2>
        <p className="mt-1 text-sm text-ink-muted">No ticket, or the camera cannot read it? Search by name, email or ticket code.</p>
        <form role="search" onSubmit={search} className="mt-3 flex gap-2">
          <label htmlFor="check-in-search" className="sr-only">
            Name, email or ticket code
          </label>
          <input
            id="check-in-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name, email or code"
            autoComplete="off"
            className="min-h-11 w-full min-w-0 rounded-control border border-surface-border bg-surface px-3 text-base text-ink"
          />
          <Button type="submit" variant="secondary" className="shrink-0">
            Search
          </Button>
        </form>
        {listNote ? <p role="alert" className="mt-3 text-sm text-danger">{listNote}</p> : null}
        <GuestList guests={guests} timeZone={timeZone} busy={busy} onCheckIn={(g) => void submit({ user_id: g.user_id })} searched={searched} />
        {next ? (
          <Button variant="secondary" size="sm" className="mt-3 w-full" onClick={() => void load(searched, next)}>
            {searched ? "Keep searching" : "Show more guests"}
          </Button>
        ) : null}
      </section>
    </div>
  );
}

function CountsCard({ counts }: { counts: CheckInCounts }) {
  return (
    <section aria-labelledby="counts-title" className="rounded-card border border-surface-border bg-surface p-4 shadow-sm">
      <h2 id="counts-title" className="sr-only">
        Counts
      </h2>
      <div className="flex items-end justify-between gap-4">
        <p className="flex flex-col" data-testid="checked-in-count">
          <span className="text-sm font-medium text-ink-muted">Checked in</span>
          <span className="text-4xl font-bold tabular-nums text-ink">
            {counts.checked_in.people}
            <span className="text-xl font-semibold text-ink-muted"> / {counts.expected.people}</span>
          </span>
          <span className="sr-only"> people of {counts.expected.people} expected</span>
        </p>
        <p className="text-right text-sm text-ink-muted">
          {counts.checked_in.guests} of {counts.expected.guests} RSVP{counts.expected.guests === 1 ? "" : "s"}
          <br />
          {Math.max(0, counts.expected.people - counts.checked_in.people)} still to come
        </p>
      </div>
    </section>
  );
}

function PartyAndAnswers({ guest }: { guest: CheckInGuest }) {
  return (
    <>
      <p className="mt-1 text-lg font-semibold">{guest.party_size === 1 ? "Just them" : `Party of ${guest.party_size} (${guest.party_size - 1} plus-one${guest.party_size === 2 ? "" : "s"})`}</p>
      {guest.answers.length > 0 ? (
        <dl className="mt-3 flex flex-col gap-2 text-left">
          {guest.answers.map((a) => (
            <div key={a.question}>
              <dt className="text-sm font-medium">{a.question}</dt>
              <dd className="break-words font-semibold">{a.answer}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}

/** The card's headline: a big mark in a white disc, then the verdict. */
function Verdict({ mark, markClass, children }: { mark: string; markClass: string; children: React.ReactNode }) {
  return (
    <p className="flex items-center gap-3 text-2xl font-bold">
      <span aria-hidden="true" className={`flex size-10 shrink-0 items-center justify-center rounded-pill bg-white text-2xl ${markClass}`}>
        {mark}
      </span>
      {children}
    </p>
  );
}

function ResultCard({ result, timeZone, busy, onNext, onUndo }: { result: Result; timeZone: string; busy: boolean; onNext: () => void; onUndo: (g: CheckInGuest) => void }) {
  const next = (
    <Button onClick={onNext} className="w-full bg-white text-ink hover:bg-white/90 sm:w-auto">
      Next guest
    </Button>
  );
  if (!result.ok) {
    return (
      <div role="alert" data-testid="check-in-result" data-result="refused" className="rounded-card bg-danger p-5 text-white shadow-sm">
        <Verdict mark="✕" markClass="text-danger">
          Not admitted
        </Verdict>
        <p className="mt-3 text-lg font-medium">{result.message}</p>
        <div className="mt-4">{next}</div>
      </div>
    );
  }
  const { guest } = result;
  return (
    <div role="status" data-testid="check-in-result" data-result="admitted" className="rounded-card bg-success p-5 text-white shadow-sm">
      <Verdict mark="✓" markClass="text-success">
        Checked in
      </Verdict>
      <p className="mt-3 break-words text-2xl font-bold">{guest.name}</p>
      <PartyAndAnswers guest={guest} />
      {guest.checked_in_at ? <p className="mt-2 text-sm">at {timeOf(guest.checked_in_at, timeZone)}</p> : null}
      <div className="mt-4 flex flex-col gap-2 sm:flex-row">
        {next}
        <Button variant="ghost" onClick={() => onUndo(guest)} disabled={busy} className={cn("w-full text-white hover:bg-white/15 sm:w-auto")}>
          Undo
        </Button>
      </div>
    </div>
  );
}

function GuestList({ guests, timeZone, busy, onCheckIn, searched }: { guests: CheckInGuest[]; timeZone: string; busy: boolean; onCheckIn: (g: CheckInGuest) => void; searched: string }) {
  if (guests.length === 0) {
    return <p className="mt-4 text-sm text-ink-muted">{searched ? `Nobody attending matches “${searched}”.` : "Nobody is attending yet."}</p>;
  }
  return (
    <ul className="mt-4 divide-y divide-surface-border" aria-label={searched ? `Guests matching ${searched}` : "Guests attending"}>
      {guests.map((g) => (
        <li key={g.user_id} className="flex items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="break-words font-medium text-ink">{g.name}</p>
            <p className="break-words text-sm text-ink-muted">
              {g.email ? `${g.email} · ` : ""}
              {g.party_size > 1 ? `party of ${g.party_size} · ` : ""}
              <span className="font-mono">{g.ticket_code}</span>
            </p>
            {g.answers.length > 0 ? <p className="break-words text-sm text-ink-muted">{g.answers.map((a) => `${a.question}: ${a.answer}`).join(" · ")}</p> : null}
          </div>
          {g.checked_in_at ? (
            <p className="shrink-0 text-right text-sm font-medium text-success">
              In at {timeOf(g.checked_in_at, timeZone)}
              {g.checked_in_by ? <span className="block font-normal text-ink-muted">by {g.checked_in_by.name}</span> : null}
            </p>
          ) : (
            <Button size="sm" className="shrink-0" disabled={busy} onClick={() => onCheckIn(g)}>
              Check in<span className="sr-only"> {g.name}</span>
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
