import { withApiUser } from "@/lib/api";

export const GET = withApiUser(async ({ user }) => ({ logged_in_as: user.email, user_id: user.id, has_username: user.username !== null }));
