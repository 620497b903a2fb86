import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { useDateTimeFormat } from '../members/useDateTimeFormat.ts';
import { CopyButton } from '../tokens/CopyButton.tsx';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';

const RotateBotSecretMutation = graphql(
  `
    mutation RotateBotSecret($input: MutationRotateBotSecretInput!) {
      rotateBotSecret(input: $input) {
        __typename
        ... on MutationRotateBotSecretSuccess {
          bot {
            id
            ...BotDetail_bot
          }
        }
        ...MutationError
      }
    }
  `,
  [BotDetailFragment, MutationErrorFragment],
);

/** Shown instead of the secret until "Show" is pressed. */
const MASK = '•'.repeat(24);

interface BotCredentialsProps {
  bot: BotDetail;
  canEdit: boolean;
}

/**
 * The Bot ID and, for admins who may edit bots, the Bot Secret: masked until shown, copyable, and
 * rotatable (the previous secret keeps verifying for 24 hours so bot servers can switch).
 */
export function BotCredentials({ bot, canEdit }: BotCredentialsProps) {
  const { t } = useTranslation();
  const id = useId();
  const formatDateTime = useDateTimeFormat();
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  /** When the previous secret stops working, after a rotation here (shown in the reader's language). */
  const [rotatedUntil, setRotatedUntil] = useState<string>();
  const [{ fetching: rotating }, rotate] = useMutation(RotateBotSecretMutation);
  const inWindow = bot.previousSecretExpiresAt !== null && new Date(bot.previousSecretExpiresAt) > new Date();

  async function handleRotate() {
    setError(undefined);
    const result = await rotate({ input: { id: bot.id } });
    const outcome = settle(t, result.data?.rotateBotSecret, result.error);
    if (!outcome.ok) {
      setError(outcome.message);
      return;
    }
    setConfirming(false);
    const rotated = readFragment(BotDetailFragment, outcome.data.bot);
    setRotatedUntil(rotated.previousSecretExpiresAt ?? undefined);
  }

  return (
    <section className="card bots-credentials" aria-labelledby={`${id}-title`}>
      <div>
        <h2 id={`${id}-title`} className="members-section-title">
          {t('bots.detail.credentials')}
        </h2>
        <p className="bots-card__intro">{t('bots.detail.credentialsIntro')}</p>
      </div>
      <dl className="bots-credentials__list">
        <div className="bots-credential">
          <dt className="bots-credential__label">{t('bots.fields.botId')}</dt>
          <dd className="bots-credential__body">
            <code className="bots-credential__value">{bot.botId}</code>
            <span className="bots-credential__actions">
              <CopyButton text={String(bot.botId)} label={t('bots.detail.copyBotId')} />
            </span>
          </dd>
        </div>
        <div className="bots-credential">
          <dt className="bots-credential__label">{t('bots.fields.secret')}</dt>
          {bot.secret !== null ? (
            <dd className="bots-credential__body">
              <span className="bots-credential__value-row">
                <code className="bots-credential__value bots-credential__secret" data-shown={shown || undefined}>
                  {shown ? (
                    bot.secret
                  ) : (
                    <>
                      <span aria-hidden="true">{MASK}</span>
                      <span className="visually-hidden">{t('bots.secret.masked')}</span>
                    </>
                  )}
                </code>
                <button
                  type="button"
                  className="button button--secondary bots-credential__toggle"
                  aria-label={shown ? t('bots.secret.hideLabel') : t('bots.secret.showLabel')}
                  onClick={() => setShown((previous) => !previous)}
                >
                  {shown ? t('bots.secret.hide') : t('bots.secret.show')}
                </button>
              </span>
              <span className="bots-credential__actions">
                <CopyButton text={bot.secret} label={t('bots.secret.copy')} />
              </span>
              <span className="bots-credential__meta">
                {t('bots.fields.secretRotatedAt')}: {bot.secretRotatedAt ? formatDateTime(bot.secretRotatedAt) : t('bots.secret.never')}
              </span>
            </dd>
          ) : (
            <dd className="bots-credential__hidden">{t('bots.secret.hidden')}</dd>
          )}
        </div>
      </dl>
      {canEdit && bot.secret !== null ? (
        <div className="bots-credential__rotate">
          <button
            type="button"
            className="button button--danger-outline"
            onClick={() => {
              setError(undefined);
              setRotatedUntil(undefined);
              setConfirming(true);
            }}
          >
            {t('bots.secret.rotate')}
          </button>
        </div>
      ) : null}
      {rotatedUntil ? <FormAlert tone="info">{t('bots.secret.rotated', { time: formatDateTime(rotatedUntil) })}</FormAlert> : null}
      <ConfirmDialog
        open={confirming}
        title={t('bots.secret.rotateTitle')}
        confirmLabel={t('bots.secret.rotateConfirm')}
        busyLabel={t('bots.secret.rotating')}
        busy={rotating}
        error={error}
        onConfirm={() => void handleRotate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('bots.secret.rotateBody')}</p>
        {inWindow ? <p className="bots-credential__warning">{t('bots.secret.rotateBodyAgain')}</p> : null}
      </ConfirmDialog>
    </section>
  );
}
