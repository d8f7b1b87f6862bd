import { randomBytes } from "node:crypto";
import { ObjectId } from "mongodb";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { expect } from "vitest";
import type { AuthUser } from "@/lib/auth/service";
import type { AttendanceStatus } from "@/lib/db/types";
import { eventInput } from "../support/event-input";
import { multipart } from "../support/multipart";

// Shared by the media integration tests: people, events and guest lists seeded straight into the
// database (each test makes its own), multipart bodies, and calls to the route handlers.

export type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
export type Person = { user: AuthUser; token: string };

export type MediaRoutes = {
  media: { GET: Handler; POST: Handler };
  file: { GET: Handler; DELETE: Handler };
  preview: { GET: Handler };
  moderation: { POST: Handler };
  moderate: { POST: Handler };
};

export async function loadRoutes(): Promise<MediaRoutes> {
  // Dynamic: lint refuses static imports from app/, and env() must be read after the test sets it.
  return {
    media: await import("@/app/api/v1/events/[id]/media/route"),
    file: await import("@/app/api/v1/events/[id]/media/[file_id]/route"),
    preview: await import("@/app/api/v1/events/[id]/media/[file_id]/preview/route"),
    moderation: await import("@/app/api/v1/events/[id]/media/[file_id]/moderation/route"),
    moderate: await import("@/app/api/v1/events/[id]/media/moderate/route"),
  } as unknown as MediaRoutes;
}

export async function makePerson(prefix = "media"): Promise<Person> {
  const { collections } = await import("@/lib/db");
  const { issueApiToken } = await import("@/lib/auth/tokens");
  const email = `${prefix}-${randomBytes(6).toString("hex")}@example.com`;
  const username = `${prefix}_${randomBytes(4).toString("hex")}`;
  const { insertedId } = await (await collections.users()).insertOne({
    email,
    emailVerified: new Date(),
    username,
    username_lower: username,
    favorites: [],
    created_at: new Date(),
  } as never);
  const id = insertedId.toHexString();
  return { user: { id, email, username }, token: (await issueApiToken(id)).access_token };
}

export async function makeEvent(owner: Person, isPrivate: boolean): Promise<string> {
  const { createEvent } = await import("@/lib/events/details");
  const event = await createEvent(owner.user, eventInput({ title: `Media ${randomBytes(3).toString("hex")}`, is_private: isPrivate }));
  return event._id.toHexString();
}

/** A guest-list entry as the events service would leave it. */
export async function addGuest(eventId: string, person: Person, status: AttendanceStatus) {
  const { collections } = await import("@/lib/db");
  const now = new Date();
  await (await collections.attendances()).insertOne({
    _id: `${eventId}:${person.user.id}`,
    event_id: new ObjectId(eventId),
    user_id: new ObjectId(person.user.id),
    status,
    created_at: now,
    updated_at: now,
  });
}

export { multipart };

type CallOpts = {
  person?: Person | null;
  body?: BodyInit | ReadableStream<Uint8Array>;
  json?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
};

export function call(handler: Handler, method: string, params: Record<string, string>, opts: CallOpts = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.person) headers.authorization = `Bearer ${opts.person.token}`;
  let body: BodyInit | ReadableStream<Uint8Array> | undefined = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const url = new URL(`http://localhost/api/v1/events/${params.id ?? "x"}/media`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const init = { method, headers, body, duplex: "half" } as RequestInit & { duplex: "half" };
  return handler(new NextRequest(url, init as never), { params: Promise.resolve(params) as Promise<never> });
}

/** Uploads `data` as the form field `file`; returns the status and JSON body. */
export async function upload(routes: MediaRoutes, eventId: string, person: Person | null, data: Buffer, filename = "photo.jpg", type = "image/jpeg") {
  const form = multipart([{ name: "file", filename, type, data }]);
  const res = await call(routes.media.POST, "POST", { id: eventId }, { person, body: new Uint8Array(form.body), headers: { "content-type": form.contentType } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function uploadOk(routes: MediaRoutes, eventId: string, person: Person, data: Buffer, filename?: string, type?: string): Promise<string> {
  const res = await upload(routes, eventId, person, data, filename, type);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.file_id as string;
}

export async function jpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toBuffer();
}

/** A JPEG carrying GPS coordinates (48°51′N 2°21′E) in its Exif. */
export async function jpegWithGps(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "InvytaTestCam", Model: "GPS-1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 0/1" },
    })
    .toBuffer();
}

/** A fake MP4 whose top-level boxes parse (the upload walks them): `ftyp` (brand isom), an empty `moov`, and an `mdat` of random bytes. */
export function fakeMp4(size: number): Buffer {
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from("ftypisom"), 0, 0, 2, 0, ...Buffer.from("isomiso2")]);
  const moov = Buffer.from([0, 0, 0, 8, ...Buffer.from("moov")]);
  const mdat = Buffer.alloc(8);
  mdat.writeUInt32BE(size - ftyp.length - moov.length);
  mdat.write("mdat", 4, "latin1");
  return Buffer.concat([ftyp, moov, mdat, randomBytes(size - ftyp.length - moov.length - mdat.length)]);
}

export async function mediaCounts(fileId?: string): Promise<{ files: number; chunks: number }> {
  const { db } = await import("@/lib/db");
  const database = await db();
  if (fileId) {
    const id = new ObjectId(fileId);
    return {
      files: await database.collection("media.files").countDocuments({ _id: id }),
      chunks: await database.collection("media.chunks").countDocuments({ files_id: id }),
    };
  }
  return {
    files: await database.collection("media.files").countDocuments({}),
    chunks: await database.collection("media.chunks").countDocuments({}),
  };
}

export async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}
