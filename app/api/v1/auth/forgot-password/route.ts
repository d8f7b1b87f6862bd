import { requestPasswordReset } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { emailCode } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Email a password reset code",
    description: "The answer does not say whether the address has an account.",
    ...emailCode,
    limit: "reset",
  },
  async ({ body }) => requestPasswordReset(body.email),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
