/** The bot's profile image, or the first character of its name on a tinted disc. */
export function BotAvatar({
  name,
  photoUrl,
  size = 'small',
  alt = '',
}: {
  name: string;
  photoUrl: string | null;
  size?: 'small' | 'large' | 'xlarge';
  alt?: string;
}) {
  const className = `bots-avatar bots-avatar--${size}`;
  if (photoUrl) return <img className={className} src={photoUrl} alt={alt} />;
  return (
    <span className={className} aria-hidden="true">
      {Array.from(name.trim())[0] ?? '?'}
    </span>
  );
}
