import { withApi } from "@/lib/api";
import { apiForgotPassword } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => apiForgotPassword(req));
