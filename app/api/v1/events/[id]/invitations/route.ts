import { z } from "zod";
import { inviteByEmail } from "@/lib/events/invites";
import { inviteEmailsSchema } from "@/lib/events/schema";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Email the invite link",
    description: "`{emails: [...]}` (or one comma-separated string), at most 50: each address gets the invite link and its QR code. The hosts only (the owner and co-hosts).",
    auth: "bearer",
    limit: "inviteEmails",
    params: eventIdParams,
    body: inviteEmailsSchema,
    response: z.object({ message: z.string(), sent: z.number().int(), failed: z.array(z.string()).describe("Addresses the mail server refused.") }),
    errors: [403, 404],
  },
  async ({ user, params, body }) => {
    const { sent, failed } = await inviteByEmail(user, params.id, body.emails);
    const message = failed.length === 0 ? `Invitations sent to ${sent} address${sent === 1 ? "" : "es"}` : `Sent ${sent}; ${failed.length} could not be sent`;
    return { message, sent, failed };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
