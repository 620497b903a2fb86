import { externalContactSchema } from '@worksbase/schema';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../../components/SelectField.tsx';
import { TextField } from '../../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';
import { currentLanguage } from '../../../../../i18n/i18n.ts';
import { useZodForm } from '../../../../../lib/forms.ts';
import { isKind, type Kind, kinds, SectionState, SimulatorSettingsQuery, useSectionSetting } from './SectionState.tsx';
import type { SimulatorDomain } from './SimulatorPage.tsx';

const SimulatorLinksQuery = graphql(`
  query SimulatorLinks($kind: ExternalKind!, $domainId: ID, $query: String, $first: Int!) {
    externalLinks(kind: $kind, domainId: $domainId, status: AVAILABLE, query: $query, first: $first) {
      totalCount
      edges {
        node {
          id
          talkId
          familyName
          givenName
        }
      }
    }
  }
`);

/** Every status: to say why a talk id was refused. */
const SimulatorTalkIdLookupQuery = graphql(`
  query SimulatorTalkIdLookup($kind: ExternalKind!, $domainId: ID, $query: String) {
    externalLinks(kind: $kind, domainId: $domainId, query: $query, first: 20) {
      edges {
        node {
          id
          talkId
          status
          familyName
          givenName
        }
      }
    }
  }
`);

const SimulatorFriendAddMutation = graphql(
  `
    mutation SimulatorFriendAdd($input: MutationRecordExternalFriendAddInput!) {
      recordExternalFriendAdd(input: $input) {
        __typename
        ... on MutationRecordExternalFriendAddSuccess {
          result {
            created
            room {
              id
              status
              memberName
              contact {
                displayName
              }
            }
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const OTHER = '__other__';
const pageSize = 50;
const languageChoices = ['JA', 'EN'] as const;

/** The contact the external person is (externalContactSchema); the rest of the form says where. */
interface ContactValues {
  displayName: string;
  externalId: string;
  language: (typeof languageChoices)[number];
}
const contactFields = ['displayName', 'externalId', 'language'] as const;

/** A LINE user id looks like "U" and 32 hex digits; other companies' users get a UUID-like id. */
function randomExternalId(kind: Kind): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  if (kind === 'LINE') return `U${hex}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function useDebounced<T>(value: T, delayMs = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

interface FriendAddFormProps {
  domains: readonly SimulatorDomain[];
  onOpened: (roomId: string) => void;
}

/** "An external person adds a member as a friend": recordExternalFriendAdd with a chosen talk id. */
export function FriendAddForm({ domains, onOpened }: FriendAddFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const client = useClient();
  const [kind, setKind] = useState<Kind>('LINE');
  const [chosenDomainId, setDomainId] = useState<string>();
  const [search, setSearch] = useState('');
  const [choice, setChoice] = useState('');
  const [typedTalkId, setTypedTalkId] = useState('');
  const form = useZodForm<ContactValues, keyof ContactValues>({
    defaultValues: { displayName: '', externalId: randomExternalId('LINE'), language: currentLanguage() === 'en' ? 'EN' : 'JA' },
    schema: externalContactSchema,
    fieldOf: (path) => contactFields.find((field) => field === path.at(-1)),
  });
  const { register, fieldError, formError, setFormError } = form;
  const [notice, setNotice] = useState<string>();
  const [{ fetching }, addFriend] = useMutation(SimulatorFriendAddMutation);

  const domain = domains.find((candidate) => candidate.id === chosenDomainId) ?? domains[0];
  const setting = useSectionSetting(domain?.id, kind);
  const query = useDebounced(search.trim());
  const [links] = useQuery({
    query: SimulatorLinksQuery,
    variables: { kind, domainId: domain?.id ?? null, query: query || null, first: pageSize },
    pause: !domain,
  });
  // While another search loads, the last list stays (rather than flashing empty).
  const [shownLinks, setShownLinks] = useState(links.data);
  if (links.data && links.data !== shownLinks) setShownLinks(links.data);
  const available = shownLinks?.externalLinks.edges.map((edge) => edge.node) ?? [];
  const more = (shownLinks?.externalLinks.totalCount ?? 0) - available.length;
  // The choice follows the list: the first member until one is picked, or a talk id typed by hand.
  const selected = choice === OTHER ? OTHER : (available.find((link) => link.talkId === choice)?.talkId ?? available[0]?.talkId ?? OTHER);
  const talkId = selected === OTHER ? typedTalkId.trim().toLowerCase() : selected;

  function clearMessages() {
    setNotice(undefined);
    setFormError(undefined);
  }

  /** The server says CONFLICT for both refusals; tell which one from the section and the talk id's link. */
  async function conflictMessage(domainToCheck: SimulatorDomain, refusedTalkId: string): Promise<string> {
    const [settings, lookup] = await Promise.all([
      client.query(SimulatorSettingsQuery, { domainId: domainToCheck.id }, { requestPolicy: 'network-only' }).toPromise(),
      client
        .query(SimulatorTalkIdLookupQuery, { kind, domainId: domainToCheck.id, query: refusedTalkId }, { requestPolicy: 'network-only' })
        .toPromise(),
    ]);
    const section = settings.data?.externalSettings.find((candidate) => candidate.kind === kind);
    if (section && !section.enabled) {
      return t('simulator.add.errors.sectionOff', { section: t(`simulator.sections.${kind}`), domain: domainToCheck.name });
    }
    const link = lookup.data?.externalLinks.edges.map((edge) => edge.node).find((candidate) => candidate.talkId === refusedTalkId);
    if (!link) return t('simulator.add.errors.unknownTalkId', { talkId: refusedTalkId, domain: domainToCheck.name });
    return t('simulator.add.errors.notAvailable', {
      name: `${link.familyName} ${link.givenName}`.trim(),
      talkId: link.talkId,
      status: t(`simulator.linkStatus.${link.status}`),
    });
  }

  async function save(contact: ContactValues) {
    setNotice(undefined);
    if (!domain) return;
    if (!talkId) {
      setFormError(selected === OTHER ? t('simulator.add.enterTalkId') : t('simulator.add.chooseMember'));
      return;
    }
    const result = await addFriend({ input: { domainId: domain.id, kind, talkId, ...contact } });
    const outcome = result.data?.recordExternalFriendAdd;
    if (outcome?.__typename === 'ConflictError') {
      setFormError(await conflictMessage(domain, talkId));
      return;
    }
    const settled = settle(t, outcome, result.error);
    if (!settled.ok) {
      form.fail(settled.message, settled.fieldErrors.values());
      return;
    }
    const { created, room } = settled.data.result;
    const pair = { contact: room.contact.displayName, member: room.memberName };
    setNotice(created ? t('simulator.add.created', pair) : t('simulator.add.alreadyOpen', pair));
    onOpened(room.id);
  }

  return (
    <form
      ref={form.formRef}
      className="simulator-panel simulator-add form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        setNotice(undefined);
        form.submit(save)(event);
      }}
      noValidate
    >
      <div className="simulator-panel__head">
        <h2 id={`${id}-title`} className="simulator-panel__title">
          {t('simulator.add.title')}
        </h2>
        <p className="simulator-panel__intro">{t('simulator.add.intro')}</p>
      </div>
      {domains.length === 0 ? <p className="page__empty">{t('simulator.add.noDomains')}</p> : null}
      <div className="simulator-add__where">
        <SelectField
          label={t('simulator.add.section')}
          name="kind"
          value={kind}
          options={kinds.map((value) => ({ value, label: t(`simulator.sections.${value}`) }))}
          onChange={(event) => {
            if (!isKind(event.target.value)) return;
            setKind(event.target.value);
            form.setValue('externalId', randomExternalId(event.target.value));
            form.clearErrors('externalId');
            setChoice('');
            clearMessages();
          }}
        />
        {domains.length > 1 && domain ? (
          <SelectField
            label={t('simulator.add.domain')}
            name="domainId"
            value={domain.id}
            options={domains.map((candidate) => ({ value: candidate.id, label: `${candidate.displayName} (${candidate.name})` }))}
            onChange={(event) => {
              setDomainId(event.target.value);
              setChoice('');
              clearMessages();
            }}
          />
        ) : null}
      </div>
      {setting ? <SectionState setting={setting} /> : null}
      {setting && !setting.enabled && domain ? (
        <p className="simulator-note simulator-note--warn">{t('simulator.add.sectionOffWarning', { domain: domain.name })}</p>
      ) : null}

      <div className="simulator-add__member">
        <TextField
          label={t('simulator.add.search')}
          type="search"
          name="search"
          autoComplete="off"
          placeholder={t('simulator.add.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <SelectField
          label={t('simulator.add.member')}
          name="talkId"
          value={selected}
          options={[
            ...available.map((link) => ({
              value: link.talkId,
              label: t('simulator.add.memberOption', { name: `${link.familyName} ${link.givenName}`.trim(), talkId: link.talkId }),
            })),
            { value: OTHER, label: t('simulator.add.otherTalkId') },
          ]}
          onChange={(event) => {
            setChoice(event.target.value);
            clearMessages();
          }}
        />
        {shownLinks && available.length === 0 ? (
          <p className="simulator-note">{query ? t('simulator.add.noMatches') : t('simulator.add.noMembers')}</p>
        ) : null}
        {more > 0 ? <p className="simulator-note">{t('simulator.add.moreMembers', { count: more })}</p> : null}
        {selected === OTHER ? (
          <TextField
            label={t('simulator.add.talkId')}
            hint={t('simulator.add.talkIdHint')}
            name="typedTalkId"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={100}
            value={typedTalkId}
            onChange={(event) => setTypedTalkId(event.target.value)}
          />
        ) : null}
      </div>

      <div className="simulator-add__person">
        <TextField
          label={t('simulator.add.displayName')}
          autoComplete="off"
          required
          maxLength={100}
          placeholder={t('simulator.add.displayNamePlaceholder')}
          {...register('displayName')}
          error={fieldError('displayName')}
        />
        <div className="simulator-add__id">
          <TextField
            label={t('simulator.add.externalId')}
            hint={t('simulator.add.externalIdHint')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={100}
            className="simulator-add__id-field"
            {...register('externalId')}
            error={fieldError('externalId')}
          />
          <button
            type="button"
            className="button button--secondary simulator-add__new-id"
            onClick={() => {
              form.setValue('externalId', randomExternalId(kind));
              form.clearErrors('externalId');
              clearMessages();
            }}
          >
            {t('simulator.add.newId')}
          </button>
        </div>
        <SelectField
          label={t('simulator.add.language')}
          options={languageChoices.map((value) => ({ value, label: t(`simulator.languages.${value}`) }))}
          {...register('language')}
        />
      </div>

      {formError ? <FormAlert>{formError}</FormAlert> : null}
      {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
      <div className="simulator-panel__actions">
        <button type="submit" className="button button--primary" disabled={fetching || !domain || (selected !== OTHER && links.fetching)}>
          {fetching ? t('simulator.add.submitting') : t('simulator.add.submit')}
        </button>
      </div>
    </form>
  );
}
