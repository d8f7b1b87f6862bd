import { emailOnlySchema } from "@/lib/auth/schema";
import { requestPasswordReset } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { messageBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Email a password reset code",
    description: "The answer does not say whether the address has an account.",
    auth: "anonymous",
    limit: "reset",
    body: emailOnlySchema,
    response: messageBody,
  },
  async ({ body }) => requestPasswordReset(body.email),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
