import { NextResponse } from "next/server";
import { z } from "zod";
import { cohostAddSchema } from "@/lib/events/cohost-schema";
import { addCohost, listCohosts } from "@/lib/events/cohosts";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams, objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

const cohostBody = z.object({
  user_id: objectId,
  name: z.string().nullable(),
  username: z.string().nullable(),
  email: z.string(),
  image: z.string().nullable(),
});

export const GET = route(
  {
    summary: "Co-hosts",
    description: "The event's co-hosts, in the order they were added. The owner and the co-hosts only.",
    auth: "bearer",
    params: eventIdParams,
    response: z.object({ cohosts: z.array(cohostBody) }),
    errors: [403, 404],
  },
  async ({ user, params }) => ({ cohosts: await listCohosts(user, params.id) }),
);

export const POST = route(
  {
    summary: "Add a co-host",
    description:
      "The owner only. `{email}` or `{username}` of an account; they get an email. Co-hosts manage guests (requests, the invite link, invitations), moderate media, post announcements and check people in; only the owner edits the event, deletes it or changes co-hosts. At most 10 co-hosts; 409 for the owner or someone who co-hosts already.",
    auth: "bearer",
    limit: "cohostAdd",
    params: eventIdParams,
    body: cohostAddSchema,
    response: { 201: z.object({ message: z.string(), cohost: cohostBody }) },
    errors: [403, 404, 409, 429],
  },
  async ({ user, params, body }) => {
    const cohost = await addCohost(user, params.id, body);
    return NextResponse.json({ message: "Co-host added", cohost }, { status: 201 });
  },
);

export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
