import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/components/auth/forms";
import { NarrowPage } from "@/components/ui/card";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <NarrowPage title="Reset your password" intro="Enter your email and we will send you a 6-digit code.">
      <ForgotPasswordForm />
    </NarrowPage>
  );
}
