import { afterAll, beforeAll, expect } from "vitest";
import type { SmtpSink } from "../support/smtp-sink";
import { call, loadEventRoutes, makePerson, startMailAndRedis, stopMailAndRedis, type EventRoutes } from "./events-support";

// Shared by the events JSON API tests (events-<resource>.test.ts): the route handlers against the
// real database, the real Redis (the join rate limit) and a real SMTP server (invitations, waitlist
// mail), and the original API's request bodies.

// Set by setUpEventsApi()'s beforeAll; live bindings, so a test file reads them once they are.
export let sink: SmtpSink;
export let routes: EventRoutes;
export let db: typeof import("@/lib/db");
export let APP_URL: string;

/** Starts mail and Redis and loads the routes before the file's tests; call once, at the top of a test file. */
export function setUpEventsApi(): void {
  beforeAll(async () => {
    sink = await startMailAndRedis();
    db = await import("@/lib/db");
    APP_URL = (await import("@/lib/env")).env().APP_URL;
    routes = await loadEventRoutes();
  });

  afterAll(() => stopMailAndRedis(sink));
}

export type User = { id: string; email: string; token: string };

export async function makeUser(): Promise<User> {
  const { user, token } = await makePerson("ev");
  return { id: user.id, email: user.email, token };
}

export const DAY = 86_400_000;
/** A UTC calendar day `n` days from now, as the original API's `date`. */
export const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
export const YEAR = new Date().getUTCFullYear() + 2;

export const originalBody = (overrides: Record<string, unknown> = {}) => ({
  title: "Tech Conference",
  description: "Talks and demos",
  date: dayFromNow(30),
  location: "Main Hall",
  max_people: 100,
  is_private: false,
  tags: ["tech", "conference"],
  ...overrides,
});

export type Created = { id: string; token: string; link: string; event: Record<string, unknown> };

export async function createEvent(owner: User, overrides: Record<string, unknown> = {}): Promise<Created> {
  const res = await call(routes.events.POST, "POST", {}, { token: owner.token, body: originalBody(overrides) });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(201);
  const link = body.event.invite_link as string;
  return { id: body.event_id, token: new URL(link).searchParams.get("token")!, link, event: body.event };
}

export async function join(user: User, ev: { id: string; token: string }, ip?: string) {
  const res = await call(routes.join.POST, "POST", {}, { token: user.token, body: { event_id: ev.id, token: ev.token }, ip });
  return { status: res.status, body: await res.json() };
}

export async function rsvp(user: User, id: string, rsvp_status: string) {
  const res = await call(routes.rsvp.POST, "POST", { id }, { token: user.token, body: { rsvp_status } });
  return { status: res.status, body: await res.json() };
}

export async function getEvent(id: string, user?: User) {
  const res = await call(routes.event.GET, "GET", { id }, { token: user?.token });
  return { status: res.status, body: await res.json() };
}

export async function inviteLinkOf(owner: User, id: string) {
  const res = await call(routes.inviteLink.GET, "GET", { id }, { token: owner.token });
  expect(res.status).toBe(200);
  return res.json();
}
