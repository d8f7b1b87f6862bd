import { z } from "zod";
import { apiVerifySchema } from "@/lib/auth/schema";
import { verifyEmail } from "@/lib/auth/service";
import { onlyMethods } from "@/lib/http/methods";
import { objectId } from "@/lib/http/responses";
import { route } from "@/lib/http/route";

export const POST = route(
  {
    summary: "Verify the email",
    description: "With the 6-digit code from the email, as `code` (or `otp`, as the original API sent it; a number keeps its leading zeros).",
    auth: "anonymous",
    limit: "verify",
    body: apiVerifySchema,
    response: z.object({ message: z.string(), user_id: objectId }),
  },
  async ({ body }) => {
    const user = await verifyEmail(body);
    return { message: "Email verified successfully", user_id: user.id };
  },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
