import { withApi } from "@/lib/api";
import { apiResend } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => apiResend(req));
