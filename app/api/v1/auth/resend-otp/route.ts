import { resendVerification } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { emailCode } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Send a new verification code",
    description: "At most once a minute per address; the answer does not say whether the address is waiting for verification.",
    ...emailCode,
    limit: "resend",
  },
  async ({ body }) => resendVerification(body.email),
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
