import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PlusIcon } from '../../../../components/icons.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { SelectField } from '../../../../components/SelectField.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { fieldErrorMessage } from '../../../../i18n/errors.ts';
import { type BotDetail, BotDetailFragment } from './botFragment.ts';
import { type Person, PersonPicker } from './PersonPicker.tsx';
import { DetailCard } from './shared/DetailCard.tsx';

const DomainChoicesQuery = graphql(`
  query BotDomainChoices {
    domains {
      id
      name
      displayName
    }
  }
`);

const MemberNamesQuery = graphql(`
  query BotMemberNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Member {
        loginId
        familyName
        givenName
        status
      }
    }
  }
`);

const AddBotToDomainMutation = graphql(
  `
    mutation AddBotToDomain($input: MutationAddBotToDomainInput!) {
      addBotToDomain(input: $input) {
        __typename
        ... on MutationAddBotToDomainSuccess {
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

const RemoveBotFromDomainMutation = graphql(
  `
    mutation RemoveBotFromDomain($input: MutationRemoveBotFromDomainInput!) {
      removeBotFromDomain(input: $input) {
        __typename
        ... on MutationRemoveBotFromDomainSuccess {
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

type Assignment = BotDetail['domains'][number];
type Notice = { kind: 'added' | 'updated' | 'removed'; domain: string };

/** How many selected members a domain row names before "+ n more". */
const NAMES_SHOWN = 5;

/** The people behind member ids (needs members VIEW; without it only the count is known). */
function usePeople(ids: readonly string[]): Person[] | undefined {
  const access = useAccess();
  const canView = access?.canView('members') ?? false;
  const [{ data }] = useQuery({ query: MemberNamesQuery, variables: { ids: [...ids] }, pause: !canView || ids.length === 0 });
  if (ids.length === 0) return [];
  return data?.nodes.flatMap((node) =>
    node?.__typename === 'Member'
      ? [{ id: node.id, name: `${node.familyName} ${node.givenName}`.trim(), loginId: node.loginId, suspended: node.status === 'SUSPENDED' }]
      : [],
  );
}

/** Admin: the domains the bot is added to (and who may use it there); add, change, remove. */
export function BotDomains({ bot, canEdit }: { bot: BotDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const access = useAccess();
  const canChoose = access?.canView('members') ?? false;
  // undefined: no form open; null: adding a domain; a domain id: changing that assignment.
  const [editing, setEditing] = useState<string | null>();
  const [removing, setRemoving] = useState<Assignment>();
  const [removeError, setRemoveError] = useState<string>();
  // What just happened, kept as data so that it follows a change of language.
  const [notice, setNotice] = useState<Notice>();
  const [{ fetching: removingBusy }, remove] = useMutation(RemoveBotFromDomainMutation);

  async function handleRemove(assignment: Assignment) {
    setRemoveError(undefined);
    const result = await remove({ input: { id: bot.id, domainId: assignment.domainId } });
    const outcome = settle(t, result.data?.removeBotFromDomain, result.error);
    if (!outcome.ok) {
      setRemoveError(outcome.message);
      return;
    }
    setRemoving(undefined);
    setNotice({ kind: 'removed', domain: assignment.displayName });
  }

  function done(message?: Notice) {
    setEditing(undefined);
    if (message) setNotice(message);
  }

  return (
    <DetailCard
      className="bots-domains"
      title={t('bots.domains.title')}
      intro={t('bots.domains.intro')}
      actions={
        canEdit && editing === undefined ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setNotice(undefined);
              setEditing(null);
            }}
          >
            <PlusIcon />
            {t('bots.domains.add')}
          </button>
        ) : null
      }
    >
      {notice ? <FormAlert tone="info">{t(`bots.domains.${notice.kind}`, { domain: notice.domain })}</FormAlert> : null}
      {bot.domains.length === 0 ? (
        editing === null ? null : <p className="bots-domains__empty">{t('bots.domains.empty')}</p>
      ) : (
        <ul className="bots-domains__list">
          {bot.domains.map((assignment) =>
            editing === assignment.domainId ? (
              <li key={assignment.domainId} className="bots-domain bots-domain--editing">
                {canChoose ? (
                  <AssignmentEditor bot={bot} existing={assignment} onDone={done} />
                ) : (
                  <FormAlert tone="info">{t('bots.domains.needsMembers')}</FormAlert>
                )}
              </li>
            ) : (
              <li key={assignment.domainId} className="bots-domain">
                <div className="bots-domain__main">
                  <p className="bots-domain__name">
                    {assignment.displayName} <span className="bots-domain__login">@{assignment.domainName}</span>
                  </p>
                  <p className="bots-domain__visibility">
                    <span className={`badge bots-visibility bots-visibility--${assignment.visibility.toLowerCase()}`}>
                      {assignment.visibility === 'ALL'
                        ? t('bots.domains.visibilityAll')
                        : t('bots.domains.selectedCount', { count: assignment.memberIds.length })}
                    </span>
                  </p>
                  {assignment.visibility === 'SELECTED' ? <SelectedNames ids={assignment.memberIds} /> : null}
                </div>
                {canEdit ? (
                  <div className="bots-domain__actions">
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={t('bots.domains.change', { domain: assignment.displayName })}
                      disabled={editing !== undefined}
                      onClick={() => {
                        setNotice(undefined);
                        setEditing(assignment.domainId);
                      }}
                    >
                      {t('bots.domains.changeShort')}
                    </button>
                    <button
                      type="button"
                      className="button button--danger-outline button--small"
                      aria-label={t('bots.domains.remove', { domain: assignment.displayName })}
                      onClick={() => {
                        setRemoveError(undefined);
                        setRemoving(assignment);
                      }}
                    >
                      {t('bots.domains.removeShort')}
                    </button>
                  </div>
                ) : null}
              </li>
            ),
          )}
        </ul>
      )}
      {editing === null ? (
        canChoose ? (
          <AssignmentEditor bot={bot} onDone={done} />
        ) : (
          <div className="bots-assign">
            <FormAlert tone="info">{t('bots.domains.needsMembers')}</FormAlert>
            <button type="button" className="button button--ghost" onClick={() => setEditing(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        )
      ) : null}
      <ConfirmDialog
        open={removing !== undefined}
        title={t('bots.domains.removeTitle', { domain: removing?.displayName ?? '' })}
        confirmLabel={t('bots.domains.removeConfirm')}
        busyLabel={t('bots.domains.removing')}
        busy={removingBusy}
        error={removeError}
        onConfirm={() => {
          if (removing) void handleRemove(removing);
        }}
        onCancel={() => setRemoving(undefined)}
      >
        <p>{t('bots.domains.removeBody')}</p>
      </ConfirmDialog>
    </DetailCard>
  );
}

/** The first few selected members by name (when the viewer may see members). */
function SelectedNames({ ids }: { ids: readonly string[] }) {
  const { t } = useTranslation();
  const people = usePeople(ids.slice(0, NAMES_SHOWN));
  if (!people || people.length === 0) return null;
  const rest = ids.length - people.length;
  return (
    <p className="bots-domain__members">
      {people.map((person) => person.name).join(t('bots.domains.nameSeparator'))}
      {rest > 0 ? ` ${t('bots.domains.more', { count: rest })}` : null}
    </p>
  );
}

/** Loads the names of an assignment's selected members, then shows the form with them chosen. */
function AssignmentEditor({ bot, existing, onDone }: { bot: BotDetail; existing?: Assignment; onDone: (message?: Notice) => void }) {
  const ids = existing?.visibility === 'SELECTED' ? existing.memberIds : [];
  const people = usePeople(ids);
  if (!people) return <PageLoading />;
  return <AssignmentForm bot={bot} existing={existing} initialMembers={people} onDone={onDone} />;
}

interface AssignmentFormProps {
  bot: BotDetail;
  existing: Assignment | undefined;
  initialMembers: Person[];
  onDone: (message?: Notice) => void;
}

/** Picks a domain (when adding) and who may use the bot there: everyone, or chosen members. */
function AssignmentForm({ bot, existing, initialMembers, onDone }: AssignmentFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [domains] = useQuery({ query: DomainChoicesQuery });
  const [domainId, setDomainId] = useState(existing?.domainId ?? '');
  const [visibility, setVisibility] = useState<'ALL' | 'SELECTED'>(existing?.visibility ?? 'ALL');
  const [members, setMembers] = useState<Person[]>(initialMembers);
  const [errors, setErrors] = useState<{ form?: string; domainId?: string; memberIds?: string }>({});
  const [{ fetching }, add] = useMutation(AddBotToDomainMutation);
  const added = new Set(bot.domains.map((assignment) => assignment.domainId));
  const choices = (domains.data?.domains ?? []).filter((domain) => !added.has(domain.id));
  const chosenDomainId = existing?.domainId ?? (choices.some((domain) => domain.id === domainId) ? domainId : (choices[0]?.id ?? ''));
  const domainName = existing?.displayName ?? choices.find((domain) => domain.id === chosenDomainId)?.displayName ?? '';
  const title = existing ? t('bots.domains.changeTitle', { domain: existing.displayName }) : t('bots.domains.addTitle');

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (visibility === 'SELECTED' && members.length === 0) {
      setErrors({ memberIds: t('bots.domains.membersRequired') });
      return;
    }
    setErrors({});
    const result = await add({
      input: { id: bot.id, domainId: chosenDomainId, visibility, memberIds: visibility === 'SELECTED' ? members.map((member) => member.id) : null },
    });
    const outcome = settle(t, result.data?.addBotToDomain, result.error);
    if (outcome.ok) {
      onDone({ kind: existing ? 'updated' : 'added', domain: domainName });
      return;
    }
    const memberError = outcome.fieldErrors.get('memberIds');
    const domainError = outcome.fieldErrors.get('domainId');
    setErrors({
      form: memberError || domainError ? undefined : outcome.message,
      memberIds: memberError ? fieldErrorMessage(t, memberError) : undefined,
      domainId: domainError ? fieldErrorMessage(t, domainError) : undefined,
    });
  }

  if (!existing && domains.data && choices.length === 0) {
    return (
      <div className="bots-assign">
        <p>{t('bots.domains.noDomainsLeft')}</p>
        <button type="button" className="button button--ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    );
  }

  return (
    <form className="bots-assign" aria-labelledby={`${id}-title`} onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3 id={`${id}-title`} className="bots-assign__title">
        {title}
      </h3>
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      {existing ? null : (
        <SelectField
          label={t('bots.domains.domain')}
          value={chosenDomainId}
          options={choices.map((domain) => ({ value: domain.id, label: `${domain.displayName} (@${domain.name})` }))}
          onChange={(event) => {
            setDomainId(event.target.value);
            // Members belong to one domain: a new domain starts with nobody chosen.
            setMembers([]);
          }}
          error={errors.domainId}
        />
      )}
      <fieldset className="bots-options">
        <legend className="field__label">{t('bots.domains.visibility')}</legend>
        <div className="bots-options__grid">
          {(['ALL', 'SELECTED'] as const).map((value) => (
            <label key={value} className="tokens-scopes__option bots-option">
              <input type="radio" name={`${id}-visibility`} checked={visibility === value} onChange={() => setVisibility(value)} />
              <span className="tokens-scopes__text">
                <span>{value === 'ALL' ? t('bots.domains.visibilityAll') : t('bots.domains.visibilitySelected')}</span>
                <span className="bots-option__hint">
                  {value === 'ALL' ? t('bots.domains.visibilityAllHint') : t('bots.domains.visibilitySelectedHint')}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {visibility === 'SELECTED' ? (
        <PersonPicker
          key={chosenDomainId}
          label={t('bots.domains.members')}
          role={t('bots.people.roles.members')}
          chosen={members}
          onChange={(next) => {
            setMembers(next);
            setErrors((previous) => ({ ...previous, memberIds: undefined }));
          }}
          max={1000}
          domainId={chosenDomainId}
          error={errors.memberIds}
          canSearch
        />
      ) : null}
      <div className="bots-assign__actions">
        <button type="button" className="button button--ghost" disabled={fetching} onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={fetching || !chosenDomainId}>
          {fetching ? t('bots.domains.saving') : existing ? t('bots.domains.save') : t('bots.domains.addConfirm')}
        </button>
      </div>
    </form>
  );
}
