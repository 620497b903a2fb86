import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../../../components/navigation.tsx';

/** Placeholder for areas that are not built yet. */
export function ComingSoon({ title }: { title: NavEntry['label'] }) {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" className="page__title">
        {t(title)}
      </h1>
      <p className="page__empty">{t('placeholder.comingSoon')}</p>
    </section>
  );
}
