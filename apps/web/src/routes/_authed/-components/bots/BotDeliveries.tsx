import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';

const DeliveriesQuery = graphql(`
  query BotDeliveries($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Bot {
        deliveries(first: 20) {
          totalCount
          edges {
            node {
              id
              event
              status
              attempts
              lastStatusCode
              lastError
              latencyMs
              body
              createdAt
            }
          }
        }
      }
    }
  }
`);

const RedeliverMutation = graphql(
  `
    mutation RedeliverBotCallback($input: MutationRedeliverBotCallbackInput!) {
      redeliverBotCallback(input: $input) {
        __typename
        ... on MutationRedeliverBotCallbackSuccess {
          delivery {
            id
            status
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const deliveryTone = { SUCCEEDED: 'success', PENDING: 'neutral', FAILED: 'danger' } as const;

/** The bot's callback delivery log: time, event, status, response, latency, attempts; re-deliver. */
export function BotDeliveries({ botId, canEdit }: { botId: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: DeliveriesQuery, variables: { id: botId }, requestPolicy: 'cache-and-network' });
  const [redelivery, redeliver] = useMutation(RedeliverMutation);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const node = data?.node?.__typename === 'Bot' ? data.node : null;
  const deliveries = node?.deliveries.edges.map((edge) => edge.node) ?? [];
  const pending = deliveries.some((delivery) => delivery.status === 'PENDING');
  const refetchRef = useRef(refetch);
  useEffect(() => {
    refetchRef.current = refetch;
  });
  // While something is waiting to be delivered, follow it.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => refetchRef.current({ requestPolicy: 'network-only' }), 3000);
    return () => clearInterval(timer);
  }, [pending]);

  async function again(deliveryId: string) {
    setMessage(undefined);
    const result = await redeliver({ input: { deliveryId } });
    const outcome = settle(t, result.data?.redeliverBotCallback, result.error);
    setMessage(outcome.ok ? { ok: true, text: t('bots.deliveries.redelivered') } : { ok: false, text: outcome.message });
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section className="card bots-deliveries" aria-labelledby="bot-deliveries-title">
      <div className="bots-deliveries__header">
        <div>
          <h2 id="bot-deliveries-title" className="members-section-title">
            {t('bots.deliveries.title')}
          </h2>
          <p className="bots-deliveries__intro">{t('bots.deliveries.intro')}</p>
        </div>
        <button type="button" className="button button--secondary" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          {t('bots.deliveries.refresh')}
        </button>
      </div>
      {message ? (
        message.ok ? (
          <p className="alert alert--info" role="status">
            {message.text}
          </p>
        ) : (
          <FormAlert>{message.text}</FormAlert>
        )
      ) : null}
      {error && !data ? <FormAlert>{error.message}</FormAlert> : null}
      {node && deliveries.length === 0 ? <p className="page__empty">{t('bots.deliveries.empty')}</p> : null}
      {deliveries.length > 0 ? (
        <>
          <p className="bots-deliveries__total">{t('bots.deliveries.total', { count: node?.deliveries.totalCount ?? 0 })}</p>
          <ul className="bots-deliveries__list">
            {deliveries.map((delivery) => (
              <li key={delivery.id} className={`bots-delivery bots-delivery--${delivery.status.toLowerCase()}`}>
                <div className="bots-delivery__main">
                  <span className={`badge badge--${deliveryTone[delivery.status]}`}>
                    {t(`bots.deliveries.statuses.${delivery.status}`)}
                  </span>
                  <span className="bots-delivery__event">{delivery.event}</span>
                  <time className="bots-delivery__time" dateTime={delivery.createdAt}>
                    {new Date(delivery.createdAt).toLocaleString(i18n.language)}
                  </time>
                </div>
                <dl className="bots-delivery__facts">
                  <div>
                    <dt>{t('bots.deliveries.response')}</dt>
                    <dd>{delivery.lastStatusCode ?? t('bots.deliveries.noResponse')}</dd>
                  </div>
                  <div>
                    <dt>{t('bots.deliveries.latency')}</dt>
                    <dd>{delivery.latencyMs === null ? '–' : `${delivery.latencyMs} ms`}</dd>
                  </div>
                  <div>
                    <dt>{t('bots.deliveries.attempts')}</dt>
                    <dd>{delivery.attempts}</dd>
                  </div>
                </dl>
                {delivery.lastError ? <p className="bots-delivery__error">{delivery.lastError}</p> : null}
                <details className="bots-delivery__body">
                  <summary>{t('bots.deliveries.body')}</summary>
                  <pre>{delivery.body}</pre>
                </details>
                {canEdit && delivery.status !== 'PENDING' ? (
                  <button type="button" className="button button--secondary" disabled={redelivery.fetching} onClick={() => void again(delivery.id)}>
                    {redelivery.fetching ? t('bots.deliveries.redelivering') : t('bots.deliveries.redeliver')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
