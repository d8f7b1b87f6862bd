import { withApiOptionalUser } from "@/lib/api";
import { getPublicProfile } from "@/lib/profiles/service";

export const GET = withApiOptionalUser<{ user_id: string }>(async ({ user, params }) => getPublicProfile(user, params.user_id));
