import { signInSchema } from "@/lib/auth/schema";
import { authenticate } from "@/lib/auth/service";
import { issueApiToken } from "@/lib/auth/tokens";
import { onlyMethods } from "@/lib/http/methods";
import { tokenBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Sign in",
    description: "Answers a bearer token for the other endpoints, valid one hour. An unverified email is a 403 with code `email_unverified`.",
    auth: "anonymous",
    limit: "login",
    body: signInSchema,
    response: tokenBody,
    errors: [401, 403],
  },
  async ({ body }) => {
    const user = await authenticate(body);
    return { ...(await issueApiToken(user.id)), user_id: user.id, has_username: user.username !== null };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
