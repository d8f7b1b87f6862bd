import { undoCheckIn } from "@/lib/events/check-in";
import { onlyMethods } from "@/lib/http/methods";
import { checkInResultBody, eventIdParams, userIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const DELETE = route(
  {
    summary: "Undo a check-in",
    description: "The event's hosts only: takes back a guest's check-in made by mistake; the counts move back once.",
    auth: "bearer-or-cookie",
    limit: "checkIn",
    params: eventIdParams.extend(userIdParams.shape),
    response: checkInResultBody,
    errors: [403, 404],
  },
  async ({ user, params }) => {
    const result = await undoCheckIn(user, params.id, params.user_id);
    return { message: `Check-in undone: ${result.guest.name}`, ...result };
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = onlyMethods("DELETE");
