import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import type { AuthUser } from "@/lib/auth/service";
import { collections } from "@/lib/db/collections";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

// Shared by the events JSON API tests: the real SMTP server and Redis the routes use, the route
// handlers, people with API tokens seeded straight into the database (each test makes its own), and
// requests to the handlers.

export type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
export type Person = { user: AuthUser; token: string };

export type EventRoutes = {
  events: { GET: Handler; POST: Handler };
  event: { GET: Handler; PATCH: Handler; PUT: Handler; DELETE: Handler };
  inviteLink: { GET: Handler; POST: Handler; PATCH: Handler };
  qr: { GET: Handler };
  invitations: { POST: Handler };
  join: { POST: Handler };
  rsvp: { POST: Handler };
  attendees: { GET: Handler };
  requests: { GET: Handler; POST: Handler };
  request: { POST: Handler };
  ics: { GET: Handler };
  userEvents: { GET: Handler };
  cohosts: { GET: Handler; POST: Handler };
  cohost: { DELETE: Handler };
  announcements: { GET: Handler; POST: Handler };
  reminders: { GET: Handler; PUT: Handler };
  duplicate: { POST: Handler };
  checkIns: { GET: Handler; POST: Handler };
};

/** Mail to a fresh SMTP sink, rate limits in the local Redis. Call first: env() is read once, on first use. */
export async function startMailAndRedis(): Promise<SmtpSink> {
  const sink = await startSmtpSink({ port: 0 });
  process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
  process.env.REDIS_URL = "redis://127.0.0.1:6379";
  return sink;
}

export async function stopMailAndRedis(sink: SmtpSink | undefined): Promise<void> {
  await sink?.stop();
  await (await import("@/lib/rate-limit")).closeRateLimitStore();
}

export async function loadEventRoutes(): Promise<EventRoutes> {
  // Dynamic: lint refuses static imports from app/, and env() must be read after the test sets it.
  return {
    events: await import("@/app/api/v1/events/route"),
    event: await import("@/app/api/v1/events/[id]/route"),
    inviteLink: await import("@/app/api/v1/events/[id]/invite-link/route"),
    qr: await import("@/app/api/v1/events/[id]/qr-code/route"),
    invitations: await import("@/app/api/v1/events/[id]/invitations/route"),
    join: await import("@/app/api/v1/events/join/route"),
    rsvp: await import("@/app/api/v1/events/[id]/rsvp/route"),
    attendees: await import("@/app/api/v1/events/[id]/attendees/route"),
    requests: await import("@/app/api/v1/events/[id]/requests/route"),
    request: await import("@/app/api/v1/events/[id]/requests/[user_id]/route"),
    ics: await import("@/app/api/v1/events/[id]/calendar.ics/route"),
    userEvents: await import("@/app/api/v1/users/[user_id]/events/route"),
    cohosts: await import("@/app/api/v1/events/[id]/cohosts/route"),
    cohost: await import("@/app/api/v1/events/[id]/cohosts/[user_id]/route"),
    announcements: await import("@/app/api/v1/events/[id]/announcements/route"),
    reminders: await import("@/app/api/v1/events/[id]/reminders/route"),
    duplicate: await import("@/app/api/v1/events/[id]/duplicate/route"),
    checkIns: await import("@/app/api/v1/events/[id]/check-ins/route"),
  };
}

/** A verified user with an API token, without a username. */
export async function makePerson(prefix: string): Promise<Person> {
  const { collections } = await import("@/lib/db");
  const { issueApiToken } = await import("@/lib/auth/tokens");
  const email = `${prefix}-${randomBytes(6).toString("hex")}@example.com`;
  const { insertedId } = await (await collections.users()).insertOne({ email, emailVerified: new Date(), favorites: [], created_at: new Date() } as never);
  const id = insertedId.toHexString();
  return { user: { id, email, username: null }, token: (await issueApiToken(id)).access_token };
}

/** `n` verified users without a username or token, inserted at once (for the concurrency tests). */
export async function makeUsers(n: number, prefix: string): Promise<AuthUser[]> {
  const { collections } = await import("@/lib/db");
  const { ObjectId } = await import("mongodb");
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: new ObjectId(),
    email: `${prefix}-${i}-${stamp}@example.com`,
    emailVerified: new Date(),
    name: `${prefix} ${i}`,
    favorites: [],
    created_at: new Date(),
  }));
  await (await collections.users()).insertMany(docs);
  return docs.map((d) => ({ id: d._id.toHexString(), email: d.email, username: null }) as unknown as AuthUser);
}

/**
 * A membership waiting from before the line had tickets (no `line_ticket`, waiting since 1970, so
 * the waitlist query puts it first), written straight into the database; the event's counters are
 * the caller's to move.
 */
export async function insertWaiterWithoutTicket(eventId: ObjectId, user: AuthUser): Promise<void> {
  await (await collections.attendances()).insertOne({
    _id: `${eventId.toHexString()}:${user.id}`,
    event_id: eventId,
    user_id: new ObjectId(user.id),
    status: "waitlisted",
    waitlisted_at: new Date(0),
    line_ticket: null,
    created_at: new Date(0),
    updated_at: new Date(0),
  });
}

export const randomIp = () => `10.${randomBytes(3).join(".")}`;

export type CallOpts = {
  token?: string;
  authorization?: string;
  body?: unknown;
  raw?: string;
  type?: string;
  ip?: string;
  query?: Record<string, string | undefined>;
};

/** Each request from its own address unless `ip` says otherwise, so the per-IP join limit only bites where a test means it to. */
export async function call(handler: Handler, method: string, params: Record<string, string> = {}, opts: CallOpts = {}): Promise<Response> {
  const { socketIpHeaderValue } = await import("@/lib/client-ip");
  const headers: Record<string, string> = { "x-invyta-socket-ip": socketIpHeaderValue(opts.ip ?? randomIp()) };
  const hasBody = opts.body !== undefined || opts.raw !== undefined;
  if (hasBody) headers["content-type"] = opts.type ?? "application/json";
  const authorization = opts.authorization ?? (opts.token ? `Bearer ${opts.token}` : undefined);
  if (authorization) headers.authorization = authorization;
  const url = new URL("http://localhost/api/v1/events");
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const body = hasBody ? (opts.raw ?? JSON.stringify(opts.body)) : undefined;
  return handler(new NextRequest(url, { method, headers, body }), { params: Promise.resolve(params) as Promise<never> });
}

/**
 * Every events service, by name, for tests that drive several of them (imported after the test's
 * environment is set, like the modules themselves).
 */
export async function eventServices() {
  const [access, cohosts, details, invites, json, lists, membership, requests, waitlist] = await Promise.all([
    import("@/lib/events/access"),
    import("@/lib/events/cohosts"),
    import("@/lib/events/details"),
    import("@/lib/events/invites"),
    import("@/lib/events/json"),
    import("@/lib/events/lists"),
    import("@/lib/events/membership"),
    import("@/lib/events/requests"),
    import("@/lib/events/waitlist"),
  ]);
  return { ...access, ...cohosts, ...details, ...invites, ...json, ...lists, ...membership, ...requests, ...waitlist };
}
export type EventServices = Awaited<ReturnType<typeof eventServices>>;
