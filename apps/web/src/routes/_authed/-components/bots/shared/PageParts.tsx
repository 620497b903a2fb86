import type { ReactNode } from 'react';

interface TitledPageProps {
  /** The way back to the list. */
  back: ReactNode;
  title: string;
  className?: string;
  children: ReactNode;
}

/** A page under the way back and its title: a message (it could not load, or is not there) or a form. */
export function TitledPage({ back, title, className = 'page', children }: TitledPageProps) {
  return (
    <section className={className} aria-labelledby="page-title">
      {back}
      <h1 id="page-title" className="page__title">
        {title}
      </h1>
      {children}
    </section>
  );
}

/** A create or edit form's page. `before`: a card of its own above the form (the bot's profile image, saved on its own). */
export function FormPage({ back, title, before, children }: { back: ReactNode; title: string; before?: ReactNode; children: ReactNode }) {
  return (
    <TitledPage className="page members-form-page" back={back} title={title}>
      {before}
      <div className="card">{children}</div>
    </TitledPage>
  );
}
