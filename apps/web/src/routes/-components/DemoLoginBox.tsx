import { useTranslation } from 'react-i18next';

interface DemoLoginBoxProps {
  /** The box's id prefix (headings must be unique on the page). */
  id: string;
  title: string;
  intro: string;
  /** The sign-in shown, label and value: e-mail or login id, and password. */
  credentials: { label: string; value: string }[];
  fillLabel: string;
  onFill: () => void;
}

/** Shown only when the server runs a demo tenant and publishes its sign-in (admins' or a member's). */
export function DemoLoginBox({ id, title, intro, credentials, fillLabel, onFill }: DemoLoginBoxProps) {
  const { t } = useTranslation();
  return (
    <section className="demo-box" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="demo-box__title">
        <span className="badge badge--demo">{t('shell.demoBadge')}</span>
        {title}
      </h2>
      <p className="demo-box__intro">{intro}</p>
      <dl className="demo-box__credentials">
        {credentials.map((credential) => (
          <div key={credential.label} className="demo-box__credential">
            <dt>{credential.label}</dt>
            <dd>
              <code>{credential.value}</code>
            </dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button button--secondary button--block" onClick={onFill}>
        {fillLabel}
      </button>
    </section>
  );
}
