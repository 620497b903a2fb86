import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Stands in for a message that cannot be shown: an unknown type, missing fields, or content that failed to render. */
export function MessageUnavailable() {
  const { t } = useTranslation();
  return <p className="talk-bubble talk-unavailable">{t('talk.room.unavailable')}</p>;
}

interface MessageBoundaryProps {
  children: ReactNode;
  /** What shows instead when rendering the children throws. */
  fallback: ReactNode;
}

/**
 * Keeps a failure to render one message (or a message's quick replies, or the menu) to that part:
 * stored content is whatever a bot sent, old rows predate today's checks and later content types are
 * unknown here, and none of it may take the whole room down.
 */
export class MessageBoundary extends Component<MessageBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
