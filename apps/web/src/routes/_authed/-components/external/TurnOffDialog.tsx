import type { OperationResult } from '@urql/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { TextField } from '../../../../components/TextField.tsx';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import type { SetUseStatusMutation } from './SectionCard.tsx';

const ImpactQuery = graphql(`
  query ExternalDisableImpact($domainId: ID!, $kind: ExternalKind!) {
    externalDisableImpact(domainId: $domainId, kind: $kind) {
      connectedMembers
      availableMembers
      openRooms
      membersInRooms
    }
  }
`);

interface TurnOffDialogProps {
  open: boolean;
  kind: 'LINE' | 'WORKS';
  domain: { id: string; name: string };
  onDone: () => void;
  run: (confirmation: string) => Promise<OperationResult<ResultOf<typeof SetUseStatusMutation>>>;
}

/** Turning a section off: what it affects first, then the domain name typed to confirm. */
export function TurnOffDialog({ open, kind, domain, onDone, run }: TurnOffDialogProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [impact] = useQuery({
    query: ImpactQuery,
    variables: { domainId: domain.id, kind },
    pause: !open,
    requestPolicy: 'network-only',
  });
  const figures = impact.data?.externalDisableImpact;

  function close() {
    setTyped('');
    setError(undefined);
    onDone();
  }

  async function confirm() {
    if (typed.trim().toLowerCase() !== domain.name) {
      setError(t('external.off_dialog.mismatch'));
      return;
    }
    setBusy(true);
    const result = await run(typed);
    setBusy(false);
    const outcome = settle(t, result.data?.setExternalUseStatus, result.error);
    if (outcome.ok) close();
    else setError(outcome.message);
  }

  return (
    <ConfirmDialog
      open={open}
      title={t('external.off_dialog.title', { section: t(`external.sections.${kind}`) })}
      confirmLabel={t('external.off_dialog.confirm')}
      busyLabel={t('external.off_dialog.busy')}
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onCancel={close}
    >
      <p>{t('external.off_dialog.impact')}</p>
      {figures ? (
        <ul className="external-impact">
          <li>{t('external.off_dialog.rooms', { count: figures.openRooms })}</li>
          <li>{t('external.off_dialog.membersInRooms', { count: figures.membersInRooms })}</li>
          <li>{t('external.off_dialog.connected', { count: figures.connectedMembers })}</li>
        </ul>
      ) : (
        <p className="external-impact__loading">{t('app.loading')}</p>
      )}
      <p className="external-impact__history">{t('external.off_dialog.history')}</p>
      <TextField
        label={t('external.off_dialog.confirmLabel', { domain: domain.name })}
        value={typed}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        onChange={(event) => {
          setTyped(event.target.value);
          setError(undefined);
        }}
      />
    </ConfirmDialog>
  );
}
