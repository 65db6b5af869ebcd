import { ButtonLink } from "./_components/button";

// 404 for unknown URLs, other owners' applications and (for non-admins) the admin console.
export default function NotFound() {
  return (
    <div className="auth-card">
      <div className="card">
        <h1>Page not found</h1>
        <p className="muted">This page does not exist, or you do not have access to it.</p>
        <ButtonLink href="/apps">Go to my applications</ButtonLink>
      </div>
    </div>
  );
}
