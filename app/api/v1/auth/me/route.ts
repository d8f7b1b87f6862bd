import { z } from "zod";
import { onlyMethods } from "@/lib/http/methods";
import { objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "Who the token belongs to",
    description: "The original API's GET /protected.",
    auth: "bearer",
    response: z.object({ logged_in_as: z.email(), user_id: objectId, has_username: z.boolean() }),
  },
  async ({ user }) => ({ logged_in_as: user.email, user_id: user.id, has_username: user.username !== null }),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
