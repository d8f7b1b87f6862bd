import { withApiUser } from "@/lib/api";
import { onlyMethods } from "@/lib/api-methods";

export const GET = withApiUser(async ({ user }) => ({ logged_in_as: user.email, user_id: user.id, has_username: user.username !== null }));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
