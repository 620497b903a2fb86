import { useTranslation } from 'react-i18next';
import { BackLink } from './BackLink.tsx';

export function MemberNotFound() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <BackLink />
      <h1 id="page-title" className="page__title">
        {t('members.notFound.title')}
      </h1>
      <p className="page__empty">{t('members.notFound.body')}</p>
    </section>
  );
}
