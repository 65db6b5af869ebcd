"use server";
import { signOut } from "@/auth";

/** Sign out: deletes the database session and clears the cookie. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
