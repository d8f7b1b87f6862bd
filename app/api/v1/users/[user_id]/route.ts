import { z } from "zod";
import { onlyMethods } from "@/lib/http/methods";
import { profileBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { getPublicProfile } from "@/lib/profiles/service";

export const GET = route(
  {
    summary: "A user's profile",
    description: "Username, bio, favorites and when they joined; the email only on your own.",
    auth: "optional-bearer",
    params: z.object({ user_id: z.string().describe("The user's id.") }),
    response: profileBody,
    errors: [404],
  },
  async ({ user, params }) => getPublicProfile(user, params.user_id),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
