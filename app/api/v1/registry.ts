import { z } from "zod";
import { buildOpenApi, type ApiRouteEntry, type OpenApiDocument } from "@/lib/http/openapi";
import type { RouteSpec } from "@/lib/http/route";
import * as codeVerify from "./auth/code/verify/route";
import * as code from "./auth/code/route";
import * as login from "./auth/login/route";
import * as me from "./auth/me/route";
import * as password from "./auth/password/route";
import * as register from "./auth/register/route";
import * as resend from "./auth/resend-otp/route";
import * as reset from "./auth/reset-password/route";
import * as forgot from "./auth/forgot-password/route";
import * as verify from "./auth/verify/route";
import * as announcements from "./events/[id]/announcements/route";
import * as attendees from "./events/[id]/attendees/route";
import * as calendar from "./events/[id]/calendar.ics/route";
import * as checkIns from "./events/[id]/check-ins/route";
import * as checkInOne from "./events/[id]/check-ins/[user_id]/route";
import * as cohost from "./events/[id]/cohosts/[user_id]/route";
import * as cohosts from "./events/[id]/cohosts/route";
import * as comment from "./events/[id]/comments/[comment_id]/route";
import * as comments from "./events/[id]/comments/route";
import * as cover from "./events/[id]/cover/route";
import * as duplicate from "./events/[id]/duplicate/route";
import * as invitations from "./events/[id]/invitations/route";
import * as inviteLink from "./events/[id]/invite-link/route";
import * as mediaFile from "./events/[id]/media/[file_id]/route";
import * as mediaModeration from "./events/[id]/media/[file_id]/moderation/route";
import * as mediaPreview from "./events/[id]/media/[file_id]/preview/route";
import * as mediaArchive from "./events/[id]/media/archive/route";
import * as mediaModerate from "./events/[id]/media/moderate/route";
import * as media from "./events/[id]/media/route";
import * as qrCode from "./events/[id]/qr-code/route";
import * as reminders from "./events/[id]/reminders/route";
import * as request from "./events/[id]/requests/[user_id]/route";
import * as requests from "./events/[id]/requests/route";
import * as event from "./events/[id]/route";
import * as rsvp from "./events/[id]/rsvp/route";
import * as join from "./events/join/route";
import * as events from "./events/route";
import * as inbox from "./inbox/route";
import * as profile from "./profile/route";
import * as avatar from "./profile/avatar/route";
import * as calendarFeed from "./profile/calendar-feed/route";
import * as recommendations from "./recommendations/route";
import * as userEvents from "./users/[user_id]/events/route";
import * as user from "./users/[user_id]/route";

// Every /api/v1 route file, with its path, for the OpenAPI document: the one place that imports
// route modules (to read the declarations their handlers carry). tests/integration/openapi.test.ts
// fails when a route file is missing here.

/** GET /api/v1/openapi.json's declaration; its route file imports it from here (the document lists it too). */
export const openApiSpec = {
  summary: "This document",
  description: "The OpenAPI 3.1 description of this API, generated from the schemas the routes parse and answer with.",
  auth: "anonymous",
  response: z.looseObject({ openapi: z.literal("3.1.0"), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
} as const satisfies RouteSpec;

export const API_ROUTES: readonly ApiRouteEntry[] = [
  { path: "/api/v1/auth/register", tag: "Accounts", module: register },
  { path: "/api/v1/auth/verify", tag: "Accounts", module: verify },
  { path: "/api/v1/auth/resend-otp", tag: "Accounts", module: resend },
  { path: "/api/v1/auth/login", tag: "Accounts", module: login },
  { path: "/api/v1/auth/code", tag: "Accounts", module: code },
  { path: "/api/v1/auth/code/verify", tag: "Accounts", module: codeVerify },
  { path: "/api/v1/auth/me", tag: "Accounts", module: me },
  { path: "/api/v1/auth/password", tag: "Accounts", module: password },
  { path: "/api/v1/auth/forgot-password", tag: "Accounts", module: forgot },
  { path: "/api/v1/auth/reset-password", tag: "Accounts", module: reset },
  { path: "/api/v1/profile", tag: "Profiles", module: profile },
  { path: "/api/v1/profile/avatar", tag: "Profiles", module: avatar },
  { path: "/api/v1/profile/calendar-feed", tag: "Profiles", module: calendarFeed },
  { path: "/api/v1/users/{user_id}", tag: "Profiles", module: user },
  { path: "/api/v1/users/{user_id}/events", tag: "Profiles", module: userEvents },
  { path: "/api/v1/events", tag: "Events", module: events },
  { path: "/api/v1/events/{id}", tag: "Events", module: event },
  { path: "/api/v1/events/{id}/calendar.ics", tag: "Events", module: calendar },
  { path: "/api/v1/events/{id}/reminders", tag: "Events", module: reminders },
  { path: "/api/v1/events/{id}/cover", tag: "Events", module: cover },
  { path: "/api/v1/events/{id}/duplicate", tag: "Events", module: duplicate },
  { path: "/api/v1/events/{id}/invite-link", tag: "Invitations", module: inviteLink },
  { path: "/api/v1/events/{id}/qr-code", tag: "Invitations", module: qrCode },
  { path: "/api/v1/events/{id}/invitations", tag: "Invitations", module: invitations },
  { path: "/api/v1/events/{id}/cohosts", tag: "Events", module: cohosts },
  { path: "/api/v1/events/{id}/cohosts/{user_id}", tag: "Events", module: cohost },
  { path: "/api/v1/events/join", tag: "Guests", module: join },
  { path: "/api/v1/events/{id}/rsvp", tag: "Guests", module: rsvp },
  { path: "/api/v1/events/{id}/attendees", tag: "Guests", module: attendees },
  { path: "/api/v1/events/{id}/announcements", tag: "Guests", module: announcements },
  { path: "/api/v1/events/{id}/requests", tag: "Guests", module: requests },
  { path: "/api/v1/events/{id}/requests/{user_id}", tag: "Guests", module: request },
  { path: "/api/v1/events/{id}/check-ins", tag: "Guests", module: checkIns },
  { path: "/api/v1/events/{id}/check-ins/{user_id}", tag: "Guests", module: checkInOne },
  { path: "/api/v1/events/{id}/comments", tag: "Guests", module: comments },
  { path: "/api/v1/events/{id}/comments/{comment_id}", tag: "Guests", module: comment },
  { path: "/api/v1/events/{id}/media", tag: "Media", module: media },
  { path: "/api/v1/events/{id}/media/{file_id}", tag: "Media", module: mediaFile },
  { path: "/api/v1/events/{id}/media/{file_id}/preview", tag: "Media", module: mediaPreview },
  { path: "/api/v1/events/{id}/media/{file_id}/moderation", tag: "Media", module: mediaModeration },
  { path: "/api/v1/events/{id}/media/moderate", tag: "Media", module: mediaModerate },
  { path: "/api/v1/events/{id}/media/archive", tag: "Media", module: mediaArchive },
  { path: "/api/v1/inbox", tag: "Guests", module: inbox },
  { path: "/api/v1/recommendations", tag: "Discover", module: recommendations },
  { path: "/api/v1/openapi.json", tag: "Reference", module: { GET: { spec: openApiSpec } } },
];

const TAGS: Record<string, string> = {
  Accounts: "Sign up with an emailed code, sign in for a bearer token (with a password or an emailed code), reset a password.",
  Profiles: "Your profile and other people's.",
  Events: "Create, read, change and delete events; the public list; the owner's co-hosts.",
  Invitations: "The host's invite link, its QR code, and invitations by email.",
  Guests: "Joining, RSVPs, the guest list, requests to join a private event, and comments on an event's page.",
  Media: "Photos and videos guests add, moderated by the host.",
  Discover: "Recommendations from your favorite categories.",
  Reference: "This document.",
};

const DESCRIPTION = [
  "Invyta's JSON API for non-browser clients: the same rules as the web app.",
  "Errors are `{error, code}` (with `issues` by field for a 400); bad input never gets a 500. A rate-limited request gets 429 with Retry-After; while the database or the rate-limit store is unreachable the answer is 503 with Retry-After.",
  "Sign in with POST /api/v1/auth/login and send `Authorization: Bearer <access_token>`.",
].join("\n\n");

let document: OpenApiDocument | undefined;

/** Built once per process: the routes do not change while it runs. */
export function apiDocument(): OpenApiDocument {
  return (document ??= buildOpenApi(API_ROUTES, { description: DESCRIPTION, tags: TAGS }));
}
