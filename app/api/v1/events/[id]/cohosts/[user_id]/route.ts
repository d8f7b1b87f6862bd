import { z } from "zod";
import { removeCohost } from "@/lib/events/cohosts";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const DELETE = route(
  {
    summary: "Remove a co-host",
    description: "The owner removes a co-host; a co-host may remove themselves (step down). 404 when that person does not co-host the event.",
    auth: "bearer",
    params: eventIdParams.extend({ user_id: z.string().describe("The co-host's user id.") }),
    response: z.object({ message: z.string() }),
    errors: [403, 404],
  },
  async ({ user, params }) => {
    await removeCohost(user, params.id, params.user_id);
    return { message: "Co-host removed" };
  },
);

export const { GET, POST, PUT, PATCH, OPTIONS } = onlyMethods("DELETE");
