import { z } from "zod";
import { DISPLAY_NAME_MAX } from "@/lib/auth/schema";
import { humanText } from "@/lib/text";

// Shared by the profile forms (react-hook-form + zodResolver), the server actions and the JSON API.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const BIO_MAX = 280;
export const FAVORITE_MAX_LENGTH = 30;
export const FAVORITES_MAX = 20;

export const usernameSchema = z
  .string({ error: "Choose a username." })
  .trim()
  .min(1, "Choose a username.")
  .min(USERNAME_MIN, `Use at least ${USERNAME_MIN} characters.`)
  .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`)
  // ASCII only, so two usernames cannot look alike while differing in their letters.
  .regex(/^[A-Za-z0-9_.-]*$/, "Use only letters (a–z), digits, underscores (_), dots (.) and hyphens (-).");

/** The name shown to hosts and guests; empty (null) shows the username instead. */
export const displayNameFieldSchema = humanText({
  max: DISPLAY_NAME_MAX,
  label: "The display name",
  typeError: "The display name must be text.",
  tooLong: `Keep the display name to ${DISPLAY_NAME_MAX} characters or fewer.`,
}).transform((s) => s || null);

export const bioSchema = humanText({
  max: BIO_MAX,
  multiline: true,
  label: "The bio",
  typeError: "The bio must be text.",
  tooLong: `Keep the bio to ${BIO_MAX} characters or fewer.`,
});

/** One favorite category: lower case, inner spaces collapsed; commas separate categories, so none inside. */
export const favoriteSchema = humanText({
  max: FAVORITE_MAX_LENGTH,
  label: "A category",
  typeError: "Each favorite category must be text.",
  tooLong: `Keep each category to ${FAVORITE_MAX_LENGTH} characters or fewer.`,
})
  .overwrite((s) => s.replace(/\s+/g, " ").toLowerCase())
  .min(1, "A favorite category cannot be empty.")
  .regex(/^[^,]*$/, "A category cannot contain commas.");

export const favoritesSchema = z
  .array(favoriteSchema, { error: "Send favorites as a list of categories." })
  .transform((tags) => [...new Set(tags)])
  .refine((tags) => tags.length <= FAVORITES_MAX, `Choose at most ${FAVORITES_MAX} favorite categories.`);

/** The profile page's form: every field present. */
export const profileFormSchema = z.object({
  display_name: displayNameFieldSchema,
  username: usernameSchema,
  bio: bioSchema,
  favorites: favoritesSchema,
});

const LEGACY_FAVORITES_KEYS = ["favorite", "favorates"] as const;

/** The original API sent `favorite` (and, in places, `favorates`); both mean `favorites`. */
function withFavoritesAlias(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const body = value as Record<string, unknown>;
  if (body.favorites !== undefined) return body;
  const legacy = LEGACY_FAVORITES_KEYS.find((key) => body[key] !== undefined);
  return legacy ? { ...body, favorites: body[legacy] } : body;
}

/** PATCH /api/v1/profile and the profile form: any subset of the fields, but at least one. */
export const profileUpdateSchema = z.preprocess(
  withFavoritesAlias,
  z
    .object(
      {
        display_name: displayNameFieldSchema.nullable().optional(),
        username: usernameSchema.optional(),
        bio: bioSchema.optional(),
        favorites: favoritesSchema.optional(),
      },
      { error: "Send the profile as a JSON object." },
    )
    .refine((p) => p.display_name !== undefined || p.username !== undefined || p.bio !== undefined || p.favorites !== undefined, {
      error: "Send at least one of display_name, username, bio or favorites.",
    }),
);

/** /welcome: a signed-in user without a username picks one. */
export const usernameOnlySchema = z.object({ username: usernameSchema });

export type ProfileFormInput = z.input<typeof profileFormSchema>;
export type ProfileUpdateInput = z.output<typeof profileUpdateSchema>;
