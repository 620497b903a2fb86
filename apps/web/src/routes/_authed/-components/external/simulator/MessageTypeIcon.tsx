import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon simulator-message__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** A glyph for a message that is not text: sticker, photo, file, contact or drive link. */
export function MessageTypeIcon({ type }: { type: 'TEXT' | 'STICKER' | 'PHOTO' | 'FILE' | 'CONTACT' | 'DRIVE' }) {
  switch (type) {
    case 'STICKER':
      return (
        <Icon>
          <circle cx="12" cy="12" r="9" />
          <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0" />
          <path d="M9 9.5h.01M15 9.5h.01" />
        </Icon>
      );
    case 'PHOTO':
      return (
        <Icon>
          <rect x="3" y="5" width="18" height="14" rx="2" />
          <circle cx="9" cy="10" r="1.8" />
          <path d="M21 16l-5-5-8 8" />
        </Icon>
      );
    case 'CONTACT':
      return (
        <Icon>
          <rect x="3" y="4" width="18" height="16" rx="2" />
          <circle cx="9.5" cy="10.5" r="2.5" />
          <path d="M5.5 17a4 4 0 0 1 8 0M15 9h3M15 13h3" />
        </Icon>
      );
    case 'DRIVE':
      return (
        <Icon>
          <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
          <path d="M10 13.5h4M12.5 11.5l2 2-2 2" />
        </Icon>
      );
    default:
      return (
        <Icon>
          <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
          <path d="M14 3v5h5M9 13h6M9 17h4" />
        </Icon>
      );
  }
}
