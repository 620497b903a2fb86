import { type ReactNode, useId } from 'react';

interface DetailCardProps {
  /** The card's own class, beside `card`. */
  className: string;
  title: string;
  intro: string;
  /**
   * A button beside the title. When the prop is given at all (null too, for "not now"), the title
   * sits in a header row that makes room for it.
   */
  actions?: ReactNode;
  children: ReactNode;
}

/** A titled card on a bot's or an API app's page (credentials, domains, service accounts). */
export function DetailCard({ className, title, intro, actions, children }: DetailCardProps) {
  const id = useId();
  const heading = (
    <div>
      <h2 id={`${id}-title`} className="members-section-title">
        {title}
      </h2>
      <p className="bots-card__intro">{intro}</p>
    </div>
  );
  return (
    <section className={`card ${className}`} aria-labelledby={`${id}-title`}>
      {actions === undefined ? (
        heading
      ) : (
        <header className="bots-domains__header">
          {heading}
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

/** The settings card: one `Fact` a row. */
export function FactsCard({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card members-facts" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="members-section-title">
        {title}
      </h2>
      <dl className="members-facts__list">{children}</dl>
    </section>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="members-facts__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
