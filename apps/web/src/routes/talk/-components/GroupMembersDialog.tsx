import type { ResultOf } from 'gql.tada';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { ModalDialog } from '../../../components/ModalDialog.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { settle } from '../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../i18n/errors.ts';
import { MemberPicker, personName, type TalkPerson } from './MemberPicker.tsx';
import { AddTalkChannelMembersMutation, SetTalkChannelBotMutation, TalkBotsQuery, type TalkChannelFields } from './documents.ts';

type Channel = ResultOf<typeof TalkChannelFields>;

interface GroupMembersDialogProps {
  open: boolean;
  channel: Channel;
  viewerId: string | undefined;
  onClose: () => void;
  onLeave: () => void;
}

type Status = { tone: 'error'; message: string; fieldErrors: Map<string, FieldErrorLike> } | { tone: 'info'; message: string };

/**
 * The group talk's members and settings in a modal panel (a sheet on phones): who takes part, adding
 * members from the directory, bringing in, changing or removing the bot, and leaving.
 */
export function GroupMembersDialog({ open, channel, viewerId, onClose, onLeave }: GroupMembersDialogProps) {
  const { t } = useTranslation();
  const id = useId();

  // Mounted only while open, so that every opening starts from the channel as it is.
  return (
    <ModalDialog open={open} className="talk-sheet" labelledBy={`${id}-title`} onCancel={onClose}>
      <div className="talk-sheet__head">
        <h2 id={`${id}-title`} className="talk-sheet__title">
          {t('talk.groups.room.membersTitle', { count: channel.members.length })}
        </h2>
        <button type="button" className="button button--ghost talk-sheet__close" onClick={onClose}>
          {t('talk.groups.room.close')}
        </button>
      </div>
      <div className="talk-sheet__body">
        <ul className="talk-people">
          {channel.members.map((person) => (
            <li key={person.id} className="talk-people__item">
              <span className="talk-people__name">
                {personName(person)}
                {person.id === viewerId ? <span className="badge badge--neutral">{t('talk.groups.you')}</span> : null}
              </span>
              <span className="talk-people__login">{person.loginId}</span>
            </li>
          ))}
        </ul>
        <AddMembers channel={channel} />
        <ChannelBot channel={channel} />
        <div className="talk-sheet__section">
          <button type="button" className="button button--danger-outline button--block" onClick={onLeave}>
            {t('talk.groups.room.leave')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function StatusLine({ status }: { status: Status | undefined }) {
  if (!status) return null;
  return <FormAlert tone={status.tone}>{status.message}</FormAlert>;
}

function AddMembers({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const [{ fetching }, add] = useMutation(AddTalkChannelMembersMutation);
  const [chosen, setChosen] = useState<TalkPerson[]>([]);
  const [status, setStatus] = useState<Status>();
  const present = new Set(channel.members.map((person) => person.id));
  const fieldError = status?.tone === 'error' ? status.fieldErrors.get('memberIds') : undefined;

  async function handleAdd() {
    setStatus(undefined);
    const result = await add({ input: { id: channel.id, memberIds: chosen.map((person) => person.id) } });
    const settled = settle(t, result.data?.addTalkChannelMembers, result.error);
    if (!settled.ok) {
      setStatus({ tone: 'error', ...settled });
      return;
    }
    // The mutation returns the channel with its members, which graphcache merges into the room.
    setChosen([]);
    setStatus({ tone: 'info', message: t('talk.groups.room.added') });
  }

  return (
    <section className="talk-sheet__section" aria-label={t('talk.groups.room.addTitle')}>
      <StatusLine status={status?.tone === 'error' && fieldError ? undefined : status} />
      <MemberPicker
        label={t('talk.groups.room.addTitle')}
        chosen={chosen}
        onChange={setChosen}
        exclude={present}
        error={fieldError ? fieldErrorMessage(t, fieldError) : undefined}
      />
      <button type="button" className="button button--primary" disabled={fetching || chosen.length === 0} onClick={() => void handleAdd()}>
        {fetching ? t('talk.groups.room.adding') : t('talk.groups.room.add')}
      </button>
    </section>
  );
}

function ChannelBot({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: TalkBotsQuery });
  const [{ fetching }, setBot] = useMutation(SetTalkChannelBotMutation);
  const current = channel.bot?.id ?? '';
  const [botId, setBotId] = useState(current);
  const [status, setStatus] = useState<Status>();
  const bots = data?.talkBots ?? [];
  // The bot in the talk stays listed even if it is no longer one of the member's own bots.
  const options = [
    { value: '', label: t('talk.groups.new.noBot') },
    ...(channel.bot && !bots.some((bot) => bot.id === channel.bot?.id) ? [{ value: channel.bot.id, label: channel.bot.name }] : []),
    ...bots.map((bot) => ({ value: bot.id, label: bot.name })),
  ];
  const fieldError = status?.tone === 'error' ? status.fieldErrors.get('botId') : undefined;

  async function handleSave() {
    setStatus(undefined);
    const result = await setBot({ input: { id: channel.id, botId: botId || null } });
    const settled = settle(t, result.data?.setTalkChannelBot, result.error);
    setStatus(settled.ok ? { tone: 'info', message: t('talk.groups.room.botSaved') } : { tone: 'error', ...settled });
  }

  return (
    <section className="talk-sheet__section" aria-label={t('talk.groups.room.botTitle')}>
      <StatusLine status={status?.tone === 'error' && fieldError ? undefined : status} />
      <SelectField
        label={t('talk.groups.room.botTitle')}
        value={botId}
        onChange={(event) => {
          setBotId(event.target.value);
          setStatus(undefined);
        }}
        options={options}
        error={fieldError ? fieldErrorMessage(t, fieldError) : undefined}
      />
      <p className="field__hint">{t('talk.groups.new.botHint')}</p>
      <button type="button" className="button button--secondary" disabled={fetching || botId === current} onClick={() => void handleSave()}>
        {fetching ? t('talk.groups.room.botSaving') : t('talk.groups.room.botChange')}
      </button>
    </section>
  );
}
