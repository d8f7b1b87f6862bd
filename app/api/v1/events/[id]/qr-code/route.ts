import { inviteQrPng } from "@/lib/events/invites";
import { onlyMethods } from "@/lib/http/methods";
import { eventIdParams } from "@/lib/http/responses";
import { binary, route } from "@/lib/http/route";

export const GET = route(
  {
    summary: "The invite link as a QR code",
    description: "The hosts only (the owner and co-hosts). It carries the token, so no shared cache may keep it.",
    auth: "bearer",
    params: eventIdParams,
    response: binary("image/png", "a 1024 px PNG"),
    errors: [403, 404],
  },
  async ({ user, params }) => {
    const png = await inviteQrPng(user, params.id);
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Content-Length": String(png.byteLength), "Cache-Control": "private, no-store" },
    });
  },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
