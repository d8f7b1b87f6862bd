import { withApiOptionalUser } from "@/lib/api";
import { getPublicProfile } from "@/lib/profiles/service";
import { onlyMethods } from "@/lib/api-methods";

export const GET = withApiOptionalUser<{ user_id: string }>(async ({ user, params }) => getPublicProfile(user, params.user_id));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
