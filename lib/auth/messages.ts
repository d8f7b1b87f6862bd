// What the sign-in forms say about a field, in one place: the zod schemas (./schema.ts) use these,
// and so does the join page's light client check (components/events/join/guest-join.tsx), which
// must not load zod on a phone page opened from a QR code.

export const EMAIL_MISSING = "Enter your email address.";
export const EMAIL_TOO_LONG = "That email address is too long.";
export const EMAIL_INVALID = "Enter a valid email address, like name@example.com.";
export const CODE_INVALID = "Enter the 6-digit code from the email.";
export const NAME_MISSING = "Enter your name.";
export const DISPLAY_NAME_MAX = 60;
export const NAME_TOO_LONG = `Keep your name to ${DISPLAY_NAME_MAX} characters or fewer.`;
