import { useTranslation } from 'react-i18next';

interface Change {
  key: string;
  before: unknown;
  after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The keys that differ between `before` and `after`. A created record has only `after` and a
 * deleted one only `before`, so every key of it is listed.
 */
export function changedKeys(before: unknown, after: unknown): Change[] {
  if (isRecord(before) || isRecord(after)) {
    const from = isRecord(before) ? before : {};
    const to = isRecord(after) ? after : {};
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.filter((key) => !same(from[key], to[key])).map((key) => ({ key, before: from[key], after: to[key] }));
  }
  if (before == null && after == null) return [];
  return same(before, after) ? [] : [{ key: '', before, after }];
}

function Value({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === undefined || value === null || value === '') {
    return <span className="audit-diff__none">{t('audit.details.none')}</span>;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return <span className="audit-diff__text">{String(value)}</span>;
  }
  return <pre className="audit-diff__json">{JSON.stringify(value, null, 2)}</pre>;
}

export interface AuditDetailsEntry {
  seq: number;
  targetType: string;
  targetId: string | null;
  hash: string;
  before: unknown;
  after: unknown;
}

/** Before → after for each changed key, and where the entry sits in the hash chain. */
export function AuditDetails({ entry, id }: { entry: AuditDetailsEntry; id: string }) {
  const { t } = useTranslation();
  const changes = changedKeys(entry.before, entry.after);
  return (
    <div className="audit-details" id={id}>
      {changes.length === 0 ? (
        <p className="audit-details__empty">{t('audit.details.noChanges')}</p>
      ) : (
        <dl className="audit-diff">
          <div className="audit-diff__head" aria-hidden="true">
            <span className="audit-diff__head-key" />
            <span>{t('audit.details.before')}</span>
            <span>{t('audit.details.after')}</span>
          </div>
          {changes.map((change) => (
            <div key={change.key || 'value'} className="audit-diff__row">
              <dt className="audit-diff__key">{change.key ? <code>{change.key}</code> : t('audit.details.value')}</dt>
              <dd className="audit-diff__before">
                <span className="visually-hidden">{t('audit.details.before')}: </span>
                <Value value={change.before} />
              </dd>
              <dd className="audit-diff__after">
                <span className="visually-hidden">{t('audit.details.after')}: </span>
                <Value value={change.after} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      <dl className="audit-details__meta">
        <div>
          <dt>{t('audit.details.seq')}</dt>
          <dd>{entry.seq}</dd>
        </div>
        <div>
          <dt>{t('audit.details.target')}</dt>
          <dd>
            <code>
              {entry.targetType}
              {entry.targetId ? ` ${entry.targetId}` : ''}
            </code>
          </dd>
        </div>
        <div>
          <dt>{t('audit.details.hash')}</dt>
          <dd>
            <code className="audit-details__hash">{entry.hash}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
