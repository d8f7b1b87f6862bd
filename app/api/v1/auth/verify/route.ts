import { withApi } from "@/lib/api";
import { apiVerify } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => apiVerify(req));
