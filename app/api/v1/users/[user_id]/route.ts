import { onlyMethods } from "@/lib/http/methods";
import { profileBody, userIdParams } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { getPublicProfile } from "@/lib/profiles/service";

export const GET = route(
  {
    summary: "A user's profile",
    description: "Username, bio, favorites and when they joined; the email only on your own.",
    auth: "optional-bearer",
    params: userIdParams,
    response: profileBody,
    errors: [404],
  },
  async ({ user, params }) => getPublicProfile(user, params.user_id),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
