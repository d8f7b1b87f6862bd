import { z } from "zod";
import { humanText } from "@/lib/text";
import { CODE_INVALID, DISPLAY_NAME_MAX, EMAIL_INVALID, EMAIL_MISSING, EMAIL_TOO_LONG, NAME_MISSING, NAME_TOO_LONG } from "./messages";

// Shared by the forms (react-hook-form + zodResolver), the server actions and the JSON API.

export const emailSchema = z
  .string({ error: EMAIL_MISSING })
  .trim()
  .toLowerCase()
  .min(1, EMAIL_MISSING)
  .max(254, EMAIL_TOO_LONG)
  .pipe(z.email(EMAIL_INVALID));

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.");

export const codeSchema = z
  .string({ error: CODE_INVALID })
  .transform((v) => v.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, CODE_INVALID));

export const signUpSchema = z.object({ email: emailSchema, password: passwordSchema });
export const signInSchema = z.object({
  email: emailSchema,
  // Only presence is checked at sign-in: the length rules may have changed since the password was set.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
});

export const verifySchema = z.object({ email: emailSchema, code: codeSchema });

/**
 * The API's verify body: the original sends `otp`, newer clients `code`; a JSON number such as
 * 12345 (its leading zero lost) is read as "012345".
 */
export const apiVerifySchema = z.preprocess((v) => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  const body = v as Record<string, unknown>;
  const code = body.code ?? body.otp;
  return { ...body, code: typeof code === "number" && Number.isInteger(code) && code >= 0 ? String(code).padStart(6, "0") : code };
}, verifySchema);
export const emailOnlySchema = z.object({ email: emailSchema });

export { DISPLAY_NAME_MAX };
/** The name people see (a guest's, a host's); any script, one line. */
export const displayNameSchema = humanText({
  max: DISPLAY_NAME_MAX,
  label: "Your name",
  typeError: NAME_MISSING,
  tooLong: NAME_TOO_LONG,
}).min(1, NAME_MISSING);

/** Asking for a sign-in code: the name is kept for an account the code creates, and ignored otherwise. */
export const codeRequestSchema = z.object({ email: emailSchema, name: displayNameSchema.optional() });
export const resetPasswordSchema = z.object({ email: emailSchema, code: codeSchema, password: passwordSchema });

/** Profile → Password: a first password (an account made by an emailed code has none). */
export const addPasswordSchema = z.object({ password: passwordSchema });
/** Profile → Password: a new one, given the current one. */
export const changePasswordSchema = z.object({
  current_password: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(1024, "That password is too long."),
  password: passwordSchema,
});
/** PUT /api/v1/auth/password and the profile's form: `current_password` is needed when the account has a password. */
export const setPasswordSchema = z.object({ current_password: changePasswordSchema.shape.current_password.optional(), password: passwordSchema });
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;
export type VerifyInput = z.infer<typeof verifySchema>;
export type CodeRequestInput = z.infer<typeof codeRequestSchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

// Where to go after signing in: only a same-origin path (lib/auth/return-to.ts decides).
export { safeReturnTo } from "./return-to";
