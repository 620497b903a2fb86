import { toString as qrCodeSvg } from 'qrcode';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { CopyButton } from '../tokens/CopyButton.tsx';

/** Its own query: the field needs external-messaging authority, so it is asked for only with it. */
const MemberShareCardsQuery = graphql(`
  query MemberShareCards($id: ID!) {
    member(id: $id) {
      id
      externalShareCards {
        kind
        available
        reason
        talkId
        contactUrl
      }
    }
  }
`);

type ShareCard = NonNullable<ResultOf<typeof MemberShareCardsQuery>['member']>['externalShareCards'][number];

/**
 * How external people reach this member, per section: the talk id, a QR code and the contact URL
 * when the member is available; otherwise why not and what to do. Only with external-messaging
 * view authority.
 */
export function ShareCards({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const canView = useAccess()?.canView('external') ?? false;
  const [{ data, error }] = useQuery({ query: MemberShareCardsQuery, variables: { id: memberId }, pause: !canView });
  if (!canView) return null;
  const cards = data?.member?.externalShareCards;

  return (
    <section className="card simulator-share" aria-labelledby={`${id}-title`}>
      <div className="simulator-share__head">
        <h2 id={`${id}-title`} className="members-section-title">
          {t('simulator.share.title')}
        </h2>
        <p className="simulator-share__intro">{t('simulator.share.intro')}</p>
      </div>
      {error && !data ? <FormAlert>{t('simulator.share.loadFailed')}</FormAlert> : null}
      {cards ? (
        <ul className="simulator-share__list">
          {cards.map((card) => (
            <li key={card.kind}>
              <ShareCardView card={card} />
            </li>
          ))}
        </ul>
      ) : error ? null : (
        <p className="simulator-share__loading" role="status">
          {t('app.loading')}
        </p>
      )}
    </section>
  );
}

function ShareCardView({ card }: { card: ShareCard }) {
  const { t } = useTranslation();
  const id = useId();
  const urlRef = useRef<HTMLInputElement>(null);
  const section = t(`simulator.sections.${card.kind}`);
  const available = card.available && card.contactUrl;

  return (
    <article className={`simulator-share-card${available ? '' : ' simulator-share-card--unavailable'}`} aria-labelledby={`${id}-title`}>
      <header className="simulator-share-card__header">
        <h3 id={`${id}-title`} className="simulator-share-card__title">
          {section}
        </h3>
        <span className={`badge ${available ? 'simulator-tone--ok' : 'simulator-tone--neutral'}`}>
          {available ? t('simulator.share.available') : t('simulator.share.unavailable')}
        </span>
      </header>
      {available && card.contactUrl ? (
        <div className="simulator-share-card__body">
          <QrCode value={card.contactUrl} label={t('simulator.share.qr', { section })} />
          <div className="simulator-share-card__details">
            <dl className="simulator-share-card__facts">
              <dt>{t('simulator.share.talkId')}</dt>
              <dd>
                <code>{card.talkId}</code>
              </dd>
            </dl>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-url`}>
                {t('simulator.share.url')}
              </label>
              <input
                ref={urlRef}
                id={`${id}-url`}
                className="field__control simulator-share-card__url"
                value={card.contactUrl}
                readOnly
                spellCheck={false}
                onFocus={(event) => event.currentTarget.select()}
              />
            </div>
            <div className="simulator-share-card__actions">
              <CopyButton text={card.contactUrl} label={t('simulator.share.copy')} fallbackTarget={() => urlRef.current} />
              <a className="simulator-share-card__open" href={card.contactUrl} target="_blank" rel="noreferrer">
                {t('simulator.share.open')}
              </a>
            </div>
          </div>
        </div>
      ) : card.reason ? (
        <div className="simulator-share-card__reason">
          <p>{t(`simulator.share.reasons.${card.reason}.why`, { talkId: card.talkId ?? '' })}</p>
          <p className="simulator-share-card__todo">{t(`simulator.share.reasons.${card.reason}.todo`)}</p>
        </div>
      ) : null}
    </article>
  );
}

interface QrSvg {
  viewBox: string;
  /** The light square behind the code. */
  background: { d: string; fill: string } | undefined;
  /** The dark modules, drawn as strokes. */
  modules: { d: string; stroke: string };
}

/** The SVG that `qrcode` draws, taken apart into elements (no markup injected into the page). */
function parseQrSvg(markup: string): QrSvg | undefined {
  const svg = new DOMParser().parseFromString(markup, 'image/svg+xml').documentElement;
  const viewBox = svg.getAttribute('viewBox');
  const background = svg.querySelector('path[fill]');
  const modules = svg.querySelector('path[stroke]');
  if (svg.nodeName !== 'svg' || !viewBox || !modules) return undefined;
  return {
    viewBox,
    background: background ? { d: background.getAttribute('d') ?? '', fill: background.getAttribute('fill') ?? '#ffffff' } : undefined,
    modules: { d: modules.getAttribute('d') ?? '', stroke: modules.getAttribute('stroke') ?? '#000000' },
  };
}

function QrCode({ value, label }: { value: string; label: string }) {
  const [qr, setQr] = useState<{ value: string; svg: QrSvg | undefined }>();

  useEffect(() => {
    let current = true;
    qrCodeSvg(value, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
      .then((markup) => {
        if (current) setQr({ value, svg: parseQrSvg(markup) });
      })
      .catch(() => {
        if (current) setQr({ value, svg: undefined });
      });
    return () => {
      current = false;
    };
  }, [value]);

  const svg = qr?.value === value ? qr.svg : undefined;
  if (!svg) return <div className="simulator-qr simulator-qr--pending" aria-hidden="true" />;
  return (
    <svg className="simulator-qr" role="img" aria-label={label} viewBox={svg.viewBox} shapeRendering="crispEdges">
      {svg.background ? <path d={svg.background.d} fill={svg.background.fill} /> : null}
      <path d={svg.modules.d} fill="none" stroke={svg.modules.stroke} />
    </svg>
  );
}
