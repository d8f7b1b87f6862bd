import { withApi } from "@/lib/api";
import { apiLogin } from "@/lib/auth/api";

export const POST = withApi(async ({ req }) => apiLogin(req));
