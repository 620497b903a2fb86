import { useTranslation } from 'react-i18next';

interface DemoLogin {
  email: string;
  password: string;
}

/** Shown only when the server runs a demo tenant and publishes its sign-in. */
export function DemoLoginBox({ demo, onUse }: { demo: DemoLogin; onUse: (demo: DemoLogin) => void }) {
  const { t } = useTranslation();
  return (
    <section className="demo-box" aria-labelledby="demo-box-title">
      <h2 id="demo-box-title" className="demo-box__title">
        <span className="badge badge--demo">{t('shell.demoBadge')}</span>
        {t('login.demo.title')}
      </h2>
      <p className="demo-box__intro">{t('login.demo.intro')}</p>
      <dl className="demo-box__credentials">
        <dt>{t('fields.email')}</dt>
        <dd>
          <code>{demo.email}</code>
        </dd>
        <dt>{t('fields.password')}</dt>
        <dd>
          <code>{demo.password}</code>
        </dd>
      </dl>
      <button type="button" className="button button--secondary button--block" onClick={() => onUse(demo)}>
        {t('login.demo.fill')}
      </button>
    </section>
  );
}
