import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { SelectField } from '../../../components/SelectField.tsx';
import { TextField } from '../../../components/TextField.tsx';
import { settle } from '../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../i18n/errors.ts';
import { MemberPicker, type TalkPerson } from './MemberPicker.tsx';
import { CreateTalkChannelMutation, TalkBotsQuery, TalkChannelsQuery } from './documents.ts';

/** Starts a group talk: its name, the members (from the directory), and optionally a bot. */
export function TalkGroupNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useClient();
  const [{ data: botsData }] = useQuery({ query: TalkBotsQuery });
  const [{ fetching }, create] = useMutation(CreateTalkChannelMutation);
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState<TalkPerson[]>([]);
  const [botId, setBotId] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const [membersMissing, setMembersMissing] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    setFieldErrors(new Map());
    // An empty choice is caught here with a message that says what to do; the API checks it too.
    setMembersMissing(members.length === 0);
    if (members.length === 0) return;
    const result = await create({ input: { title, memberIds: members.map((member) => member.id), botId: botId || null } });
    const settled = settle(t, result.data?.createTalkChannel, result.error);
    if (!settled.ok) {
      setFormError(settled.message);
      setFieldErrors(settled.fieldErrors);
      return;
    }
    // The list is refetched rather than patched in the cache.
    await client.query(TalkChannelsQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    await navigate({ to: '/talk/groups/$channelId', params: { channelId: settled.data.channel.id } });
  }

  const titleError = fieldErrors.get('title');
  const membersError = fieldErrors.get('memberIds');
  const botError = fieldErrors.get('botId');

  return (
    <section className="talk-form" aria-labelledby="talk-group-new-title">
      <Link to="/talk" className="talk-form__back">
        <span aria-hidden="true">‹</span>
        {t('talk.room.back')}
      </Link>
      <h1 id="talk-group-new-title" className="talk-list__title">
        {t('talk.groups.new.title')}
      </h1>
      <p className="talk-list__intro">{t('talk.groups.new.intro')}</p>
      <form className="form card talk-form__card" onSubmit={(event) => void handleSubmit(event)} noValidate>
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <TextField
          label={t('talk.groups.new.name')}
          hint={t('talk.groups.new.nameHint')}
          name="title"
          autoComplete="off"
          required
          maxLength={100}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={titleError ? fieldErrorMessage(t, titleError, title) : undefined}
        />
        <MemberPicker
          label={t('talk.groups.new.members')}
          chosen={members}
          onChange={(chosen) => {
            setMembers(chosen);
            if (chosen.length > 0) setMembersMissing(false);
          }}
          error={membersMissing ? t('talk.groups.new.membersRequired') : membersError ? fieldErrorMessage(t, membersError) : undefined}
        />
        <div className="talk-form__bot">
          <SelectField
            label={t('talk.groups.new.bot')}
            name="botId"
            value={botId}
            onChange={(event) => setBotId(event.target.value)}
            options={[{ value: '', label: t('talk.groups.new.noBot') }, ...(botsData?.talkBots ?? []).map((bot) => ({ value: bot.id, label: bot.name }))]}
            error={botError ? fieldErrorMessage(t, botError) : undefined}
          />
          <p className="field__hint">{t('talk.groups.new.botHint')}</p>
        </div>
        <div className="talk-form__actions">
          <Link to="/talk" className="button button--ghost">
            {t('common.cancel')}
          </Link>
          <button type="submit" className="button button--primary" disabled={fetching}>
            {fetching ? t('talk.groups.new.submitting') : t('talk.groups.new.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
