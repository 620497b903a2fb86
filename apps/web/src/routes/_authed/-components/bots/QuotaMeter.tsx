import { useTranslation } from 'react-i18next';

/** From this share of the limit on, the meter turns amber and says how many are left. */
const NEAR_SHARE = 0.9;

export type QuotaLevel = 'ok' | 'near' | 'full';

export function quotaLevel(used: number, limit: number): QuotaLevel {
  if (used >= limit) return 'full';
  return used >= Math.ceil(limit * NEAR_SHARE) ? 'near' : 'ok';
}

/**
 * How many bots the tenant has of how many it may have, as a progress bar. Near the limit it turns
 * amber, at the limit red; the note (id `noteId`) says why "Register a bot" is then disabled.
 */
export function QuotaMeter({ used, limit, noteId }: { used: number; limit: number; noteId: string }) {
  const { t } = useTranslation();
  const level = quotaLevel(used, limit);
  const value = t('bots.quota.value', { used, limit });
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  return (
    <div className={`bots-quota bots-quota--${level}`}>
      <div className="bots-quota__head">
        <span className="bots-quota__label" id={`${noteId}-label`}>
          {t('bots.quota.label')}
        </span>
        <span className="bots-quota__value">{value}</span>
      </div>
      <div
        className="bots-quota__bar"
        role="progressbar"
        aria-labelledby={`${noteId}-label`}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
        aria-valuetext={value}
      >
        <span className="bots-quota__fill" style={{ width: `${share * 100}%` }} />
      </div>
      {level === 'full' ? (
        <p className="bots-quota__note" id={noteId}>
          {t('bots.quota.full', { limit })}
        </p>
      ) : level === 'near' ? (
        <p className="bots-quota__note" id={noteId}>
          {t('bots.quota.near', { count: limit - used })}
        </p>
      ) : null}
    </div>
  );
}
