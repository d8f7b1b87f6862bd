// What a host sends at the door (issue 15 item 4): a scanned ticket, or a guest picked from the list.
import { z } from "zod";

export const CHECK_INS_LIMIT_DEFAULT = 50;
export const CHECK_INS_LIMIT_MAX = 200;

const limitMessage = `limit must be a whole number from 1 to ${CHECK_INS_LIMIT_MAX}.`;

export const checkInsQuerySchema = z.object({
  q: z.string().trim().max(200, "Search for at most 200 characters.").optional().describe("Part of a name, username, email or ticket code."),
  cursor: z.string().max(200, "That page cursor is not valid.").optional(),
  limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(CHECK_INS_LIMIT_MAX, limitMessage).default(CHECK_INS_LIMIT_DEFAULT),
});

const ONE_OF = "Send either ticket (a scanned ticket) or user_id (a guest from the list).";

export const checkInSchema = z
  .object({
    ticket: z.string().trim().min(1, "ticket is empty.").max(500, "That is not a ticket.").optional().describe("The text of the guest's ticket QR code."),
    user_id: z.string().regex(/^[0-9a-f]{24}$/, "user_id is not a user id.").optional().describe("A guest picked from the list, instead of a ticket."),
  })
  .refine((body) => (body.ticket === undefined) !== (body.user_id === undefined), { message: ONE_OF });

export type CheckInInput = z.infer<typeof checkInSchema>;
