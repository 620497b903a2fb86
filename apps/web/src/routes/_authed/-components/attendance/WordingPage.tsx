import { normalizeWord } from '@worksbase/schema';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { FormAlert } from '../../../../components/FormAlert.tsx';
import { PageLoading } from '../../../../components/PageLoading.tsx';
import { MutationErrorFragment } from '../../../../graphql/fragments.ts';
import { graphql, type ResultOf } from '../../../../graphql/graphql.ts';
import { settle } from '../../../../graphql/outcome.ts';
import { combinedErrorMessage } from '../../../../i18n/errors.ts';
import { AttendanceLayout } from './AttendanceLayout.tsx';
import { attendanceError } from './errors.ts';
import { ReplyTemplates } from './ReplyTemplates.tsx';

export const AttendanceWordsQuery = graphql(`
  query AttendanceWords {
    attendanceWords {
      id
      kind
      word
    }
  }
`);

const AddWordMutation = graphql(
  `
    mutation AddAttendanceWord($input: MutationAddAttendanceWordInput!) {
      addAttendanceWord(input: $input) {
        __typename
        ... on MutationAddAttendanceWordSuccess {
          word {
            id
            kind
            word
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

const RemoveWordMutation = graphql(
  `
    mutation RemoveAttendanceWord($input: MutationRemoveAttendanceWordInput!) {
      removeAttendanceWord(input: $input) {
        __typename
        ... on MutationRemoveAttendanceWordSuccess {
          word {
            id
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

type Word = ResultOf<typeof AttendanceWordsQuery>['attendanceWords'][number];
type WordKind = Word['kind'];

const wordKinds: readonly WordKind[] = ['CLOCK_IN', 'CLOCK_OUT', 'BREAK_START', 'BREAK_END', 'TODAY'];

/** /attendance/wording: the words per stamp, and the bot's reply texts per language. */
export function WordingPage() {
  const { t } = useTranslation();
  return (
    <AttendanceLayout title={t('attendance.tabs.wording')} intro={t('attendance.wording.intro')}>
      {(canEdit) => (
        <>
          <StampWords canEdit={canEdit} />
          <ReplyTemplates canEdit={canEdit} />
        </>
      )}
    </AttendanceLayout>
  );
}

function StampWords({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, error }, refetch] = useQuery({ query: AttendanceWordsQuery });
  // A word added or removed changes the list, which the cache cannot infer from the mutation.
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section className="attendance-section" aria-labelledby="attendance-words-title">
      <h2 id="attendance-words-title" className="attendance-section-title">
        {t('attendance.wording.wordsTitle')}
      </h2>
      <p className="attendance-muted">{t('attendance.wording.wordsIntro')}</p>
      {data ? (
        <div className="attendance-words">
          {wordKinds.map((kind) => (
            <WordKindCard key={kind} kind={kind} words={data.attendanceWords} canEdit={canEdit} onChanged={reload} />
          ))}
        </div>
      ) : error ? (
        <FormAlert>{combinedErrorMessage(t, error)}</FormAlert>
      ) : (
        <PageLoading />
      )}
    </section>
  );
}

function WordKindCard({ kind, words, canEdit, onChanged }: { kind: WordKind; words: readonly Word[]; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [addError, setAddError] = useState<string>();
  const [removeError, setRemoveError] = useState<string>();
  const [removing, setRemoving] = useState<string>();
  const [{ fetching: adding }, add] = useMutation(AddWordMutation);
  const [, remove] = useMutation(RemoveWordMutation);
  const kindLabel = t(`attendance.stampKinds.${kind}`);
  const own = words.filter((word) => word.kind === kind);

  async function handleAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAddError(undefined);
    setRemoveError(undefined);
    if (normalizeWord(text) === '') {
      setAddError(t('attendance.wording.wordRequired'));
      return;
    }
    const result = await add({ input: { kind, word: text } });
    const settled = settle(t, result.data?.addAttendanceWord, result.error);
    if (settled.ok) {
      setText('');
      onChanged();
      return;
    }
    const field = settled.fieldErrors.get('word');
    if (!field) {
      setAddError(settled.message);
      return;
    }
    // Which stamp a duplicate already means, found the way the API matches words.
    const taken = words.find((word) => normalizeWord(word.word) === normalizeWord(text));
    setAddError(
      attendanceError(t, field, {
        too_big: t('attendance.wording.wordTooLong'),
        line_break: t('attendance.wording.wordLineBreak'),
        required: t('attendance.wording.wordRequired'),
        ...(taken && {
          duplicate: t(taken.kind === kind ? 'attendance.wording.duplicateSame' : 'attendance.wording.duplicateOther', {
            word: taken.word,
            kind: t(`attendance.stampKinds.${taken.kind}`),
          }),
        }),
      }),
    );
  }

  async function handleRemove(word: Word) {
    setRemoveError(undefined);
    setAddError(undefined);
    setRemoving(word.id);
    const result = await remove({ input: { id: word.id } });
    setRemoving(undefined);
    const settled = settle(t, result.data?.removeAttendanceWord, result.error);
    if (settled.ok) {
      onChanged();
      return;
    }
    const field = settled.fieldErrors.get('id');
    setRemoveError(field ? attendanceError(t, field, { last_word: t('attendance.wording.lastWord', { word: word.word, kind: kindLabel }) }) : settled.message);
  }

  return (
    <section className="card attendance-word-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="attendance-subtitle">
        {kindLabel}
      </h3>
      <ul className="attendance-chips" aria-label={t('attendance.wording.wordsFor', { kind: kindLabel })}>
        {own.map((word) => (
          <li key={word.id} className="attendance-chip">
            <span className="attendance-chip__text">{word.word}</span>
            {canEdit ? (
              <button
                type="button"
                className="attendance-chip__remove"
                aria-label={t('attendance.wording.remove', { word: word.word })}
                disabled={removing === word.id}
                onClick={() => void handleRemove(word)}
              >
                <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d="M6 6l12 12M18 6L6 18" />
                </svg>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {removeError ? <FormAlert>{removeError}</FormAlert> : null}
      {canEdit ? (
        <form className="attendance-add-word" onSubmit={(event) => void handleAdd(event)} noValidate>
          <div className={addError ? 'field field--invalid' : 'field'}>
            <label className="visually-hidden" htmlFor={`${id}-word`}>
              {t('attendance.wording.newWord', { kind: kindLabel })}
            </label>
            <div className="attendance-add-word__row">
              <input
                id={`${id}-word`}
                className="field__control"
                value={text}
                maxLength={60}
                autoComplete="off"
                enterKeyHint="done"
                placeholder={t('attendance.wording.newWordPlaceholder')}
                aria-invalid={addError ? true : undefined}
                aria-describedby={addError ? `${id}-error` : undefined}
                onChange={(event) => {
                  setText(event.target.value);
                  setAddError(undefined);
                }}
              />
              <button type="submit" className="button button--secondary" disabled={adding}>
                {adding ? t('attendance.wording.adding') : t('attendance.wording.add')}
              </button>
            </div>
            {addError ? (
              <p className="field__error" id={`${id}-error`} role="alert">
                {addError}
              </p>
            ) : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
