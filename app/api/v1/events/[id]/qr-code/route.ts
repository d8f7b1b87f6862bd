import { withApiUser } from "@/lib/api";
import { inviteQrPng } from "@/lib/events/invites";
import { onlyMethods } from "@/lib/api-methods";

/** The invite link as a PNG QR code. It carries the token, so no shared cache may keep it. */
export const GET = withApiUser<{ id: string }>(async ({ user, params }) => {
  const png = await inviteQrPng(user, params.id);
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Content-Length": String(png.byteLength), "Cache-Control": "private, no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
