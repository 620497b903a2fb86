import { type FormEvent, useEffect, useId, useRef, useState } from 'react';

/** Typing pauses this long before the URL (and so the list) follows the search box. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The search box keeps its own text and hands it on after a pause in typing (or at once on Enter).
 * A change of the URL from elsewhere (back button, "clear") is copied back into the box.
 */
export function SearchBox({ label, placeholder, value, onSearch }: { label: string; placeholder: string; value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const onSearchRef = useRef(onSearch);

  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearchRef.current(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text === sent.current) return;
    sent.current = text;
    onSearch(text);
  }

  return (
    <search>
      <form className="members-search" onSubmit={handleSubmit}>
        <label className="visually-hidden" htmlFor={id}>
          {label}
        </label>
        <svg className="members-search__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="11" cy="11" r="6.5" />
          <path d="M16 16l4.5 4.5" />
        </svg>
        <input
          id={id}
          className="field__control members-search__input"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder={placeholder}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </form>
    </search>
  );
}
