/**
 * A link in text, as a tap target: at least 44 px high (WCAG 2.5.5; the phone pages' minimum), the
 * text centred in it, so a thumb finds it without zooming.
 */
export const textLink = "inline-flex min-h-11 items-center font-medium text-brand underline-offset-4 hover:underline";
