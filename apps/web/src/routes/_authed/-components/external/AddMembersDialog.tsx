import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { useAccess } from '../../../../graphql/access.ts';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';

const CandidatesQuery = graphql(`
  query ExternalCandidates($query: String, $kind: ExternalKind!) {
    members(first: 30, query: $query, status: ACTIVE) {
      edges {
        node {
          id
          loginId
          familyName
          givenName
          orgUnit {
            id
            name
          }
        }
      }
    }
    externalLinks(kind: $kind, query: $query, first: 100) {
      edges {
        node {
          id
          memberId
        }
      }
    }
  }
`);

const AddMutation = graphql(
  `
    mutation AddExternalLinks($input: MutationAddExternalLinksInput!) {
      addExternalLinks(input: $input) {
        __typename
        ... on MutationAddExternalLinksSuccess {
          result {
            added
            alreadyConnected
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

interface AddMembersDialogProps {
  kind: 'LINE' | 'WORKS';
  /** Called with a message after members were added, or without one when cancelled. */
  onClose: (message?: string) => void;
}

/** Picks several members (search, tick) and gives them link authority in one go. */
export function AddMembersDialog({ kind, onClose }: AddMembersDialogProps) {
  const { t } = useTranslation();
  const access = useAccess();
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string>();
  const canList = access?.canView('members') ?? false;
  const [candidates] = useQuery({ query: CandidatesQuery, variables: { query: query || null, kind }, pause: !canList, requestPolicy: 'cache-and-network' });
  const [adding, runAdd] = useMutation(AddMutation);
  const connected = new Set(candidates.data?.externalLinks.edges.map((edge) => edge.node.memberId));

  useEffect(() => {
    ref.current?.showModal();
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  async function add() {
    setError(undefined);
    const result = await runAdd({ input: { kind, memberIds: [...chosen.keys()] } });
    const outcome = settle(t, result.data?.addExternalLinks, result.error);
    if (outcome.ok) {
      ref.current?.close();
      onClose(t('external.members.added', { added: outcome.data.result.added, already: outcome.data.result.alreadyConnected }));
    } else setError(outcome.message);
  }

  return (
    <dialog
      ref={ref}
      className="confirm-dialog external-add"
      aria-labelledby="external-add-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!adding.fetching) onClose();
      }}
    >
      <h2 id="external-add-title" className="confirm-dialog__title">
        {t('external.members.addTitle')} · {t(`external.sectionsShort.${kind}`)}
      </h2>
      {canList ? (
        <>
          <input
            className="field__control"
            type="search"
            aria-label={t('external.members.addSearch')}
            placeholder={t('external.members.addSearch')}
            value={text}
            autoComplete="off"
            onChange={(event) => setText(event.target.value)}
          />
          <ul className="external-add__list">
            {candidates.data?.members.edges.length === 0 ? <li className="page__empty">{t('external.members.noCandidates')}</li> : null}
            {candidates.data?.members.edges.map(({ node }) => {
              const name = `${node.familyName} ${node.givenName}`.trim();
              const already = connected.has(node.id);
              return (
                <li key={node.id}>
                  <label className={already ? 'external-add__item external-add__item--connected' : 'external-add__item'}>
                    <input
                      type="checkbox"
                      disabled={already}
                      checked={already || chosen.has(node.id)}
                      onChange={(event) =>
                        setChosen((previous) => {
                          const next = new Map(previous);
                          if (event.target.checked) next.set(node.id, name);
                          else next.delete(node.id);
                          return next;
                        })
                      }
                    />
                    <span className="external-add__name">
                      {name}
                      <span className="external-add__login">{node.loginId}</span>
                    </span>
                    {already ? <span className="badge badge--success">{t('external.members.connected')}</span> : null}
                  </label>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p>{t('external.members.addNeedsMembers')}</p>
      )}
      {error ? <FormAlert>{error}</FormAlert> : null}
      <div className="confirm-dialog__actions">
        <button type="button" className="button button--secondary" disabled={adding.fetching} onClick={() => onClose()}>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={chosen.size === 0 || adding.fetching} onClick={() => void add()}>
          {adding.fetching ? t('external.members.adding') : t('external.members.addChosen', { count: chosen.size })}
        </button>
      </div>
    </dialog>
  );
}
