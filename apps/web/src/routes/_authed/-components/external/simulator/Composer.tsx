import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { FormAlert } from '../../../../../components/FormAlert.tsx';
import { SelectField } from '../../../../../components/SelectField.tsx';
import { TextField } from '../../../../../components/TextField.tsx';
import { MutationErrorFragment } from '../../../../../graphql/fragments.ts';
import { graphql } from '../../../../../graphql/graphql.ts';
import { settle } from '../../../../../graphql/outcome.ts';
import { type FieldErrorLike, fieldErrorMessage } from '../../../../../i18n/errors.ts';

const SimulatorPostMessageMutation = graphql(
  `
    mutation SimulatorPostMessage($input: MutationPostExternalMessageInput!) {
      postExternalMessage(input: $input) {
        __typename
        ... on MutationPostExternalMessageSuccess {
          posted {
            id
            sender
            type
            text
            fileName
            createdAt
          }
        }
        ...MutationError
      }
    }
  `,
  [MutationErrorFragment],
);

export const messageTypes = ['TEXT', 'STICKER', 'PHOTO', 'FILE', 'CONTACT', 'DRIVE'] as const;
export type MessageType = (typeof messageTypes)[number];
type AttachmentType = Exclude<MessageType, 'TEXT' | 'STICKER'>;
const senders = ['EXTERNAL', 'MEMBER'] as const;
type Sender = (typeof senders)[number];

/** As in the API: longer texts are refused. */
const TEXT_MAX = 2000;

function isAttachment(type: MessageType): type is AttachmentType {
  return type !== 'TEXT' && type !== 'STICKER';
}

interface ComposerProps {
  roomId: string;
  contactName: string;
  memberName: string;
  /** Whether the room's section restricts attachments (undefined while unknown). */
  restrictFiles: boolean | undefined;
  /** After a message was added, or the room turned out to be closed: the room is read again. */
  onChanged: () => void;
}

/** Sends a message into an open room as the external person or as the member (postExternalMessage). */
export function Composer({ roomId, contactName, memberName, restrictFiles, onChanged }: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [{ fetching }, post] = useMutation(SimulatorPostMessageMutation);
  const [sender, setSender] = useState<Sender>('EXTERNAL');
  const [type, setType] = useState<MessageType>('TEXT');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Map<string, FieldErrorLike>>(new Map());
  const [sent, setSent] = useState('');

  const textFieldError = fieldErrors.get('text');
  const textError = textFieldError
    ? text.trim() === ''
      ? t('errors.fieldCodes.required')
      : t('simulator.composer.textTooLong', { max: TEXT_MAX })
    : undefined;
  const fileNameFieldError = fieldErrors.get('fileName');
  const fileNameError = fileNameFieldError ? fieldErrorMessage(t, fileNameFieldError, fileName) : undefined;

  function reset() {
    setFormError(undefined);
    setFieldErrors(new Map());
    setSent('');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset();
    const result = await post({
      input: {
        roomId,
        sender,
        type,
        text: type === 'TEXT' ? text : null,
        fileName: isAttachment(type) ? fileName : null,
      },
    });
    const outcome = result.data?.postExternalMessage;
    // A rule of the section, not a mistake in the form: said in the words of the simulator.
    if (outcome?.__typename === 'FileTransferRestrictedError') {
      setFormError(t('simulator.composer.errors.fileRestricted', { type: t(`simulator.room.types.${type}`).toLocaleLowerCase() }));
      return;
    }
    if (outcome?.__typename === 'ConflictError') {
      setFormError(t('simulator.composer.errors.closed'));
      onChanged();
      return;
    }
    const settled = settle(t, outcome, result.error);
    if (!settled.ok) {
      setFieldErrors(settled.fieldErrors);
      setFormError(settled.message);
      return;
    }
    setText('');
    setFileName('');
    setSent(t('simulator.composer.sent'));
    onChanged();
    if (type === 'TEXT') textRef.current?.focus();
  }

  const describedBy = [`${id}-text-hint`, textError ? `${id}-text-error` : null].filter(Boolean).join(' ');

  return (
    <form className="simulator-composer" aria-labelledby={`${id}-title`} onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3 id={`${id}-title`} className="simulator-composer__title">
        {t('simulator.composer.title')}
      </h3>
      <div className="simulator-composer__row">
        <fieldset className="simulator-toggle">
          <legend className="field__label">{t('simulator.composer.sender')}</legend>
          <div className="simulator-toggle__options">
            {senders.map((value) => (
              <label key={value} className="simulator-toggle__option">
                <input
                  type="radio"
                  name={`${id}-sender`}
                  value={value}
                  checked={sender === value}
                  onChange={() => setSender(value)}
                />
                <span className="simulator-toggle__text">
                  <span>{value === 'EXTERNAL' ? t('simulator.composer.asExternal') : t('simulator.composer.asMember')}</span>
                  <span className="simulator-toggle__name">{value === 'EXTERNAL' ? contactName : memberName}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <SelectField
          label={t('simulator.composer.type')}
          name="type"
          value={type}
          options={messageTypes.map((value) => ({ value, label: t(`simulator.room.types.${value}`) }))}
          onChange={(event) => {
            const value = messageTypes.find((candidate) => candidate === event.target.value);
            if (value) setType(value);
            reset();
          }}
        />
      </div>
      {type === 'TEXT' ? (
        <div className={textError ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={`${id}-text`}>
            {t('simulator.composer.text')}
          </label>
          <textarea
            ref={textRef}
            id={`${id}-text`}
            name="text"
            className="field__control simulator-composer__text"
            rows={3}
            value={text}
            aria-invalid={textError ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => {
              setText(event.target.value);
              setFieldErrors(new Map());
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                event.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <p className="field__hint" id={`${id}-text-hint`}>
            {t('simulator.composer.textHint')}
          </p>
          {textError ? (
            <p className="field__error" id={`${id}-text-error`}>
              {textError}
            </p>
          ) : null}
        </div>
      ) : type === 'STICKER' ? (
        <p className="simulator-note">{t('simulator.composer.stickerNote')}</p>
      ) : (
        <TextField
          label={t('simulator.composer.fileName')}
          name="fileName"
          autoComplete="off"
          maxLength={200}
          placeholder={t(`simulator.composer.fileNamePlaceholder.${type}`)}
          value={fileName}
          onChange={(event) => {
            setFileName(event.target.value);
            setFieldErrors(new Map());
          }}
          error={fileNameError}
        />
      )}
      {restrictFiles && isAttachment(type) ? (
        <p className="simulator-note simulator-note--warn">{t('simulator.composer.restrictedNote')}</p>
      ) : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="simulator-composer__actions">
        <span className="simulator-composer__sent" role="status">
          {sent}
        </span>
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t('simulator.composer.sending') : t('simulator.composer.send')}
        </button>
      </div>
    </form>
  );
}
