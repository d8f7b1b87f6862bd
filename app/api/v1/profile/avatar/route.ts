import { z } from "zod";
import { onlyMethods } from "@/lib/http/methods";
import { profileBody } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { removeAvatar, setAvatar } from "@/lib/profiles/avatar";
import { getOwnProfile } from "@/lib/profiles/service";

const avatarChanged = z.object({ message: z.string(), profile: profileBody });

/** The body is read as a stream, as uploads are (lib/media/pictures.ts readPictureUpload). */
export const PUT = route(
  {
    summary: "Set your avatar",
    description:
      "`multipart/form-data` with a JPEG, PNG, WebP or GIF photo (at most 15 MB) in the field `file`. It is cropped to a 256×256 square without its metadata; `avatar_url` in the profile names it. Replaces the previous one.",
    auth: "bearer-or-cookie",
    body: "multipart",
    response: avatarChanged,
    errors: [413, 415],
  },
  async ({ req, user }) => {
    const declared = req.headers.get("content-length");
    await setAvatar(user, {
      contentType: req.headers.get("content-type"),
      contentLength: declared && /^\d+$/.test(declared) ? Number(declared) : null,
      stream: req.body,
    });
    return { message: "Avatar set", profile: await getOwnProfile(user) };
  },
);

export const DELETE = route(
  { summary: "Remove your avatar", description: "Your initials show again.", auth: "bearer-or-cookie", response: avatarChanged },
  async ({ user }) => {
    await removeAvatar(user);
    return { message: "Avatar removed", profile: await getOwnProfile(user) };
  },
);

export const { GET, POST, PATCH, OPTIONS } = onlyMethods("PUT", "DELETE");
