import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MessageUnavailable } from './MessageBoundary.tsx';
import { asContent, type Content, fileNameOf, list, localizedText, safeUrl, scalar, str } from './format.ts';

/** What tapping an action does; the room decides (send a message or postback, open, copy). */
export type ActionHandler = (action: Content) => void;

/** An action as a button (message, postback, copy) or a link (uri); camera and location cannot run here. */
export function ActionButton({ action: raw, onAction, className = 'talk-action' }: { action: unknown; onAction: ActionHandler; className?: string }) {
  const { t } = useTranslation();
  const action = asContent(raw);
  const label = str(action.label) ?? str(action.text) ?? str(action.uri) ?? '…';
  if (action.type === 'uri') {
    const href = safeUrl(action.uri);
    return href ? (
      <a className={className} href={href} target="_blank" rel="noopener noreferrer">
        {label}
      </a>
    ) : null;
  }
  const supported = action.type === 'message' || action.type === 'postback' || action.type === 'copy';
  return (
    <button
      type="button"
      className={className}
      disabled={!supported}
      title={supported ? undefined : t('talk.room.unsupported')}
      onClick={() => onAction(action)}
    >
      {label}
    </button>
  );
}

function Actions({ actions, onAction }: { actions: unknown[]; onAction: ActionHandler }) {
  if (actions.length === 0) return null;
  return (
    <div className="talk-actions">
      {actions.map((action, index) => (
        <ActionButton key={index} action={action} onAction={onAction} />
      ))}
    </div>
  );
}

/**
 * Renders one LINE WORKS message content: every type the Bot API accepts, and what members send.
 * Content of an unknown type, or without what its type needs, shows as a message that cannot be shown.
 */
export function MessageContent({ content: raw, onAction }: { content: unknown; onAction: ActionHandler }) {
  const { t, i18n } = useTranslation();
  const content = asContent(raw);
  switch (content.type) {
    case 'text': {
      const text = localizedText(content, i18n.resolvedLanguage ?? 'ja');
      return text ? <p className="talk-bubble talk-text">{text}</p> : <MessageUnavailable />;
    }
    case 'postback':
      return <p className="talk-bubble talk-text">{str(content.displayText) ?? t('talk.room.actionSent')}</p>;
    case 'sticker':
      return (
        <p className="talk-sticker" role="img" aria-label={`${t('talk.room.sticker')} ${scalar(content.packageId)}/${scalar(content.stickerId)}`}>
          <span aria-hidden="true">{stickerFace(scalar(content.stickerId))}</span>
        </p>
      );
    case 'image': {
      const preview = safeUrl(content.previewImageUrl) ?? safeUrl(content.originalContentUrl);
      const original = safeUrl(content.originalContentUrl) ?? preview;
      if (!preview && !scalar(content.fileId)) return <MessageUnavailable />;
      return preview ? (
        <a className="talk-image" href={original} target="_blank" rel="noopener noreferrer">
          <img src={preview} alt={t('talk.room.image')} loading="lazy" />
        </a>
      ) : (
        <p className="talk-bubble talk-file">
          {t('talk.room.image')} · {t('talk.room.fileId', { id: scalar(content.fileId) })}
        </p>
      );
    }
    case 'file': {
      const href = safeUrl(content.originalContentUrl);
      if (!href && !scalar(content.fileId)) return <MessageUnavailable />;
      return (
        <p className="talk-bubble talk-file">
          <span className="talk-file__icon" aria-hidden="true">
            📄
          </span>
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {fileNameOf(href) ?? t('talk.room.download')}
            </a>
          ) : (
            t('talk.room.fileId', { id: scalar(content.fileId) })
          )}
        </p>
      );
    }
    case 'link': {
      const href = safeUrl(content.link);
      if (!href && !str(content.contentText)) return <MessageUnavailable />;
      return (
        <div className="talk-bubble talk-card">
          <p className="talk-text">{str(content.contentText)}</p>
          {href ? (
            <a className="talk-link" href={href} target="_blank" rel="noopener noreferrer">
              {str(content.linkText) ?? href}
            </a>
          ) : null}
        </div>
      );
    }
    case 'button_template':
      if (!str(content.contentText) && list(content.actions).length === 0) return <MessageUnavailable />;
      return (
        <div className="talk-bubble talk-card">
          <p className="talk-text">{str(content.contentText)}</p>
          <Actions actions={list(content.actions)} onAction={onAction} />
        </div>
      );
    case 'list_template': {
      const cover = asContent(content.coverData);
      const background = safeUrl(cover.backgroundImageUrl);
      if (list(content.elements).length === 0 && !str(cover.title) && !background) return <MessageUnavailable />;
      return (
        <div className="talk-card talk-list-template">
          {str(cover.title) || background ? (
            <div className="talk-list-template__cover" style={background ? { backgroundImage: `url("${background}")` } : undefined}>
              {str(cover.title) ? <p className="talk-list-template__title">{str(cover.title)}</p> : null}
              {str(cover.subtitle) ? <p className="talk-list-template__subtitle">{str(cover.subtitle)}</p> : null}
            </div>
          ) : null}
          <ul className="talk-list-template__elements">
            {list(content.elements).map((raw, index) => {
              const element = asContent(raw);
              return (
                <li key={index} className="talk-list-template__element">
                  <span className="talk-list-template__text">
                    <span className="talk-list-template__element-title">{str(element.title)}</span>
                    {str(element.subtitle) ? <span className="talk-list-template__element-subtitle">{str(element.subtitle)}</span> : null}
                  </span>
                  {element.action ? <ActionButton action={element.action} onAction={onAction} className="talk-action talk-action--small" /> : null}
                </li>
              );
            })}
          </ul>
          {list(content.actions).map((row, index) => (
            <Actions key={index} actions={list(row)} onAction={onAction} />
          ))}
        </div>
      );
    }
    case 'carousel':
      if (list(content.columns).length === 0) return <MessageUnavailable />;
      return (
        <ul className="talk-carousel" aria-label={t('talk.room.senderBot')}>
          {list(content.columns).map((raw, index) => {
            const column = asContent(raw);
            const image = safeUrl(column.originalContentUrl);
            return (
              <li key={index} className="talk-card talk-carousel__column">
                {image ? <img className="talk-carousel__image" src={image} alt="" loading="lazy" /> : null}
                {str(column.title) ? <p className="talk-carousel__title">{str(column.title)}</p> : null}
                <p className="talk-text">{str(column.text)}</p>
                <Actions actions={list(column.actions)} onAction={onAction} />
              </li>
            );
          })}
        </ul>
      );
    case 'image_carousel':
      if (list(content.columns).length === 0) return <MessageUnavailable />;
      return (
        <ul className="talk-carousel">
          {list(content.columns).map((raw, index) => {
            const column = asContent(raw);
            const image = safeUrl(column.originalContentUrl);
            return (
              <li key={index} className="talk-card talk-carousel__column talk-carousel__column--image">
                {image ? <img className="talk-carousel__image" src={image} alt="" loading="lazy" /> : <p className="talk-file">{t('talk.room.image')}</p>}
                {column.action ? <ActionButton action={column.action} onAction={onAction} /> : null}
              </li>
            );
          })}
        </ul>
      );
    case 'flex': {
      const kind = asContent(content.contents).type;
      if (kind !== 'bubble' && kind !== 'carousel') return str(content.altText) ? <p className="talk-bubble talk-text">{str(content.altText)}</p> : <MessageUnavailable />;
      return (
        <div className="talk-card talk-flex">
          <span className="visually-hidden">{str(content.altText) ?? t('talk.room.flexNote')}</span>
          {renderFlex(content.contents, onAction)}
        </div>
      );
    }
    default: {
      // A type this view does not know (yet): its alternative text when it has one.
      const text = str(content.altText) ?? str(content.text);
      return text ? <p className="talk-bubble talk-text">{text}</p> : <MessageUnavailable />;
    }
  }
}

/** A readable subset of flexible messages: bubbles and carousels of boxes, texts, images, buttons, separators. */
function renderFlex(raw: unknown, onAction: ActionHandler, key: string | number = 0): ReactNode {
  const node = asContent(raw);
  switch (node.type) {
    case 'carousel':
      return (
        <div key={key} className="talk-flex__carousel">
          {list(node.contents).map((child, index) => renderFlex(child, onAction, index))}
        </div>
      );
    case 'bubble':
      return (
        <div key={key} className="talk-flex__bubble">
          {['header', 'hero', 'body', 'footer'].map((part) => (node[part] ? renderFlex(node[part], onAction, part) : null))}
        </div>
      );
    case 'box':
      return (
        <div key={key} className={`talk-flex__box talk-flex__box--${node.layout === 'horizontal' || node.layout === 'baseline' ? 'row' : 'column'}`}>
          {list(node.contents).map((child, index) => renderFlex(child, onAction, index))}
        </div>
      );
    case 'text':
      return (
        <p key={key} className={`talk-flex__text${node.weight === 'bold' ? ' talk-flex__text--bold' : ''}`}>
          {str(node.text)}
        </p>
      );
    case 'image': {
      const url = safeUrl(node.url);
      return url ? <img key={key} className="talk-flex__image" src={url} alt="" loading="lazy" /> : null;
    }
    case 'button':
      return <ActionButton key={key} action={node.action} onAction={onAction} />;
    case 'separator':
      return <hr key={key} className="talk-flex__separator" />;
    default:
      return null;
  }
}

const faces = ['😀', '👍', '🙇', '🎉', '😊', '👏', '🙆', '💪', '☕', '🌸'];

/** Sticker artwork is not bundled; a face stands in, the same one for the same sticker. */
function stickerFace(stickerId: string): string {
  let sum = 0;
  for (const char of stickerId) sum += char.charCodeAt(0);
  return faces[sum % faces.length] ?? '🙂';
}
