import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, readFragment } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { useDateTimeFormat } from '../members/useDateTimeFormat.ts';
import { CopyButton } from '../tokens/CopyButton.tsx';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';
import { ConfirmButton } from './shared/ConfirmButton.tsx';
import { CopyRow, CredentialRow, HiddenRow } from './shared/CredentialRow.tsx';
import { DetailCard } from './shared/DetailCard.tsx';

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
  const formatDateTime = useDateTimeFormat();
  const [shown, setShown] = useState(false);
  /** When the previous secret stops working, after a rotation here (shown in the reader's language). */
  const [rotatedUntil, setRotatedUntil] = useState<string>();
  const [{ fetching: rotating }, rotate] = useMutation(RotateBotSecretMutation);
  const inWindow = bot.previousSecretExpiresAt !== null && new Date(bot.previousSecretExpiresAt) > new Date();

  return (
    <DetailCard className="bots-credentials" title={t('bots.detail.credentials')} intro={t('bots.detail.credentialsIntro')}>
      <dl className="bots-credentials__list">
        <CopyRow label={t('bots.fields.botId')} value={String(bot.botId)} copyLabel={t('bots.detail.copyBotId')} />
        {bot.secret !== null ? (
          <CredentialRow label={t('bots.fields.secret')}>
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
          </CredentialRow>
        ) : (
          <HiddenRow label={t('bots.fields.secret')}>{t('bots.secret.hidden')}</HiddenRow>
        )}
      </dl>
      {canEdit && bot.secret !== null ? (
        <div className="bots-credential__rotate">
          <ConfirmButton
            label={t('bots.secret.rotate')}
            title={t('bots.secret.rotateTitle')}
            confirmLabel={t('bots.secret.rotateConfirm')}
            busyLabel={t('bots.secret.rotating')}
            busy={rotating}
            onOpen={() => setRotatedUntil(undefined)}
            onConfirm={async () => {
              const result = await rotate({ input: { id: bot.id } });
              return settle(t, result.data?.rotateBotSecret, result.error);
            }}
            onDone={(data) => setRotatedUntil(readFragment(BotDetailFragment, data.bot).previousSecretExpiresAt ?? undefined)}
          >
            <p>{t('bots.secret.rotateBody')}</p>
            {inWindow ? <p className="bots-credential__warning">{t('bots.secret.rotateBodyAgain')}</p> : null}
          </ConfirmButton>
        </div>
      ) : null}
      {rotatedUntil ? <FormAlert tone="info">{t('bots.secret.rotated', { time: formatDateTime(rotatedUntil) })}</FormAlert> : null}
    </DetailCard>
  );
}
