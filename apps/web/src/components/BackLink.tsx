import { Link, type LinkProps } from '@tanstack/react-router';

/** "‹ All …" above a page: back to the list it was opened from. */
export function BackLink({ to, label }: { to: LinkProps['to']; label: string }) {
  return (
    <Link to={to} className="members-back">
      <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M15 5l-7 7 7 7" />
      </svg>
      {label}
    </Link>
  );
}
