import { Fragment, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useWhenVisible } from '../lib/useWhenVisible.ts';
import { FormAlert } from './FormAlert.tsx';
import { PageLoading } from './PageLoading.tsx';

/** What the last loaded page tells its list: whether there is more, where it starts, and whether it is still loading. */
export interface PageTail {
  hasMore: boolean;
  /** The cursor (or id) the next page starts after. */
  next: string | null;
  fetching: boolean;
}

/** What a list gives each of its pages: where it starts and, for the last page only, where to report its tail. */
export interface PageSlot {
  after: string | null;
  onTail: ((tail: PageTail) => void) | undefined;
}

export interface PageCursors {
  afters: readonly (string | null)[];
  tail: PageTail;
  setTail: (tail: PageTail) => void;
  loadMore: () => void;
}

/**
 * The pages a list has loaded, each its own cached query starting after a cursor. Kept by the list's
 * owner (not by {@link PagedList}) so that the loaded pages survive while its first page refetches.
 */
export function usePageCursors(): PageCursors {
  const [afters, setAfters] = useState<(string | null)[]>([null]);
  const [tail, setTail] = useState<PageTail>({ hasMore: false, next: null, fetching: true });
  const loadMore = useCallback(() => {
    if (!tail.hasMore || tail.fetching || !tail.next) return;
    const next = tail.next;
    setAfters((previous) => (previous.includes(next) ? previous : [...previous, next]));
  }, [tail]);
  return { afters, tail, setTail, loadMore };
}

/** A page's side of {@link usePageCursors}: the last page reports whether there is more after it. */
export function useReportTail(onTail: PageSlot['onTail'], tail: PageTail): void {
  const { hasMore, next, fetching } = tail;
  useEffect(() => {
    onTail?.({ hasMore, next, fetching });
  }, [onTail, hasMore, next, fetching]);
}

interface PagedListProps {
  cursors: PageCursors;
  /** The count line above the list; announced when it changes. */
  count: ReactNode;
  /** Shown under the count (e.g. how to edit in place). */
  hint?: ReactNode;
  /** A table (desktop) or one card per item (phone). */
  wide: boolean;
  /** The table's column headers. */
  columns: readonly string[];
  tableClassName?: string;
  loadMoreLabel: string;
  /** One page's rows (when wide) or cards. */
  renderPage: (slot: PageSlot) => ReactNode;
}

/**
 * A list loaded page by page: scrolling near the end loads the next page; the button does the same
 * for keyboards and browsers without IntersectionObserver.
 */
export function PagedList({ cursors, count, hint, wide, columns, tableClassName, loadMoreLabel, renderPage }: PagedListProps) {
  const { afters, tail, setTail, loadMore } = cursors;
  const sentinelRef = useRef<HTMLDivElement>(null);
  useWhenVisible(sentinelRef, loadMore, tail.hasMore && !tail.fetching ? tail.next : null, '0px 0px 400px 0px');

  const pages = afters.map((after, index) => (
    <Fragment key={after ?? 'first'}>{renderPage({ after, onTail: index === afters.length - 1 ? setTail : undefined })}</Fragment>
  ));
  return (
    <div className="members-list">
      <p className="members-list__count" role="status">
        {count}
      </p>
      {hint}
      {wide ? (
        <table className={tableClassName ? `members-table ${tableClassName}` : 'members-table'}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{pages}</tbody>
        </table>
      ) : (
        <ul className="members-cards">{pages}</ul>
      )}
      <div ref={sentinelRef} className="members-list__sentinel" aria-hidden="true" />
      {tail.fetching && afters.length > 1 ? <PageLoading /> : null}
      {tail.hasMore && !tail.fetching ? (
        <button type="button" className="button button--secondary members-list__more" onClick={loadMore}>
          {loadMoreLabel}
        </button>
      ) : null}
    </div>
  );
}

/** A page that failed to load, in place of its rows or cards. */
export function PageError({ wide, columns, message }: { wide: boolean; columns: number; message: string }) {
  return wide ? (
    <tr>
      <td colSpan={columns}>
        <FormAlert>{message}</FormAlert>
      </td>
    </tr>
  ) : (
    <li>
      <FormAlert>{message}</FormAlert>
    </li>
  );
}
