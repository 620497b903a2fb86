import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.tsx';

const exampleQuery = '{ members(first: 5) { edges { node { loginId familyName givenName } } } }';

/** The shell command an integrator can paste to try a token against this server. */
export function curlExample(secret: string): string {
  const endpoint = `${window.location.origin}/graphql`;
  return [
    `curl -X POST '${endpoint}' \\`,
    `  -H 'Authorization: Bearer ${secret}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify({ query: exampleQuery })}'`,
  ].join('\n');
}

export function UsageExample({ secret, headingLevel = 2 }: { secret?: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const command = curlExample(secret ?? '$WORKSBASE_TOKEN');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="tokens-usage" aria-labelledby={secret ? 'tokens-usage-secret' : 'tokens-usage'}>
      <Heading id={secret ? 'tokens-usage-secret' : 'tokens-usage'} className="tokens-usage__title">
        {t('tokens.usageTitle')}
      </Heading>
      <p className="tokens-usage__intro">{secret ? t('tokens.usageWithSecret') : t('tokens.usageIntro')}</p>
      <pre className="tokens-usage__code">
        <code>{command}</code>
      </pre>
      <CopyButton text={command} label={t('tokens.copyCommand')} />
    </section>
  );
}
