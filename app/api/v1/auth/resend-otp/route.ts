import { emailOnlySchema } from "@/lib/auth/schema";
import { resendVerification } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { messageBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Send a new verification code",
    description: "At most once a minute per address; the answer does not say whether the address is waiting for verification.",
    auth: "anonymous",
    limit: "resend",
    body: emailOnlySchema,
    response: messageBody,
  },
  async ({ body }) => resendVerification(body.email),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
