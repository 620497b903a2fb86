import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { LanguageSwitch } from '../../../components/LanguageSwitch.tsx';
import { LogoutIcon } from '../../../components/icons.tsx';
import { useSignOut } from '../../../components/useSignOut.ts';
import { MemberLogoutMutation } from './documents.ts';
import './talk.css';

interface TalkViewer {
  loginId: string;
  familyName: string;
  givenName: string;
  tenantName: string;
}

/** The member's frame: product name, who is signed in, language and sign-out; phone first. */
export function TalkLayout({ viewer, children }: { viewer: TalkViewer; children: ReactNode }) {
  const { t } = useTranslation();
  const { signingOut, error, signOut } = useSignOut(MemberLogoutMutation, '/talk/login');

  return (
    <div className="talk">
      <header className="talk__header">
        <span className="talk__brand">
          <span className="auth__logo" aria-hidden="true" />
          <span>
            {t('talk.title')}
            <span className="talk__tenant">{viewer.tenantName}</span>
          </span>
        </span>
        <span className="talk__who" title={viewer.loginId}>
          {viewer.familyName} {viewer.givenName}
        </span>
        <LanguageSwitch />
        <button
          type="button"
          className="button button--ghost talk__logout"
          onClick={signOut}
          disabled={signingOut}
          aria-label={t('talk.signOut')}
          title={t('talk.signOut')}
        >
          <LogoutIcon />
          <span className="talk__logout-label" aria-hidden="true">
            {t('talk.signOut')}
          </span>
        </button>
      </header>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <main id="main" className="talk__main">
        {children}
      </main>
    </div>
  );
}

/** The bot's photo (readable with the member's session cookie) or its initial. */
export function TalkAvatar({ name, photoUrl, size = 'small' }: { name: string; photoUrl: string | null; size?: 'tiny' | 'small' | 'large' }) {
  const className = `bots-avatar bots-avatar--${size}`;
  if (photoUrl) return <img className={className} src={photoUrl} alt="" />;
  return (
    <span className={className} aria-hidden="true">
      {initial(name)}
    </span>
  );
}

/** A group talk's mark: the first letter of its name on a round badge (bots have square ones). */
export function GroupAvatar({ title }: { title: string }) {
  return (
    <span className="bots-avatar bots-avatar--small talk-group-avatar" aria-hidden="true">
      {initial(title)}
    </span>
  );
}

function initial(name: string): string {
  return Array.from(name.trim())[0] ?? '?';
}
