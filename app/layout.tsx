import type { ReactNode } from "react";

export const metadata = { title: "Keyport", description: "Machine-to-machine credentials, self-service" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
