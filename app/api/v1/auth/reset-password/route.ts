import { withApi } from "@/lib/api";
import { apiResetPassword } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => apiResetPassword(req));
