import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../components/FormAlert.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { graphql } from '../../graphql/graphql.ts';
import { combinedErrorMessage } from '../../i18n/errors.ts';
import { AuthLayout } from './AuthLayout.tsx';

/** Public (no session needed): null means the contact is unknown or not available. */
export const ContactCardQuery = graphql(`
  query ContactCard($kind: ExternalKind!, $lwDomainId: Int!, $talkId: String!) {
    externalContactCard(kind: $kind, lwDomainId: $lwDomainId, talkId: $talkId) {
      displayName
      company
      photoUrl
    }
  }
`);

interface ContactParams {
  kind: string;
  lwDomainId: string;
  talkId: string;
}

const INT_MAX = 2_147_483_647;

/** The query's variables from the URL, or undefined when the URL cannot name anyone (→ unknown). */
export function contactVariables(params: ContactParams) {
  const kindParam = params.kind.toLowerCase();
  const kind = kindParam === 'line' ? 'LINE' : kindParam === 'works' ? 'WORKS' : undefined;
  const lwDomainId = /^\d{1,10}$/.test(params.lwDomainId) ? Number(params.lwDomainId) : Number.NaN;
  const talkId = params.talkId.trim();
  if (!kind || !Number.isInteger(lwDomainId) || lwDomainId > INT_MAX || !talkId || talkId.length > 100) return undefined;
  return { kind, lwDomainId, talkId } as const;
}

/** What a member's contact URL shows a person outside the company: their name and company, or "unknown". */
export function ContactPage({ params }: { params: ContactParams }) {
  const { t } = useTranslation();
  const variables = contactVariables(params);
  const [{ data, error, fetching }] = useQuery({
    query: ContactCardQuery,
    variables: variables ?? { kind: 'LINE', lwDomainId: 0, talkId: '' },
    pause: !variables,
  });
  const card = data?.externalContactCard;
  const section = variables ? t(`simulator.contact.sections.${variables.kind}`) : undefined;

  let body: ReactNode;
  if (variables && fetching && !data) {
    body = <PageLoading />;
  } else if (error && !data) {
    body = (
      <>
        <h1 id="contact-title" className="card__title">
          {t('simulator.contact.title')}
        </h1>
        <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
      </>
    );
  } else if (card && section) {
    body = (
      <>
        <p className="simulator-contact__kicker">
          <span className={`badge simulator-kind simulator-kind--${variables?.kind.toLowerCase()}`}>{section}</span>
          {t('simulator.contact.title')}
        </p>
        <div className="simulator-contact__person">
          <ContactAvatar name={card.displayName} photoUrl={card.photoUrl} />
          <div className="simulator-contact__names">
            <h1 id="contact-title" className="simulator-contact__name">
              {card.displayName}
            </h1>
            <dl className="simulator-contact__company">
              <dt>{t('simulator.contact.company')}</dt>
              <dd>{card.company}</dd>
            </dl>
          </div>
        </div>
        <p className="simulator-contact__intro">{t('simulator.contact.intro', { section })}</p>
      </>
    );
  } else {
    body = (
      <>
        <div className="simulator-contact__person">
          <ContactAvatar name="?" photoUrl={null} />
          <div className="simulator-contact__names">
            <h1 id="contact-title" className="simulator-contact__name">
              {t('simulator.contact.unknownTitle')}
            </h1>
            <p className="simulator-contact__unknown">{t('simulator.contact.unknownBody')}</p>
          </div>
        </div>
        <p className="simulator-contact__intro">{t('simulator.contact.unknownHint')}</p>
      </>
    );
  }

  return (
    <AuthLayout>
      <article className="card auth__card simulator-contact" aria-labelledby="contact-title">
        {body}
      </article>
    </AuthLayout>
  );
}

function ContactAvatar({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  if (photoUrl) return <img className="simulator-contact__avatar" src={photoUrl} alt="" width={72} height={72} />;
  return (
    <span className="simulator-contact__avatar" aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
