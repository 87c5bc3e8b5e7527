import sprites from 'bootstrap-italia/dist/svg/sprites.svg?url';

interface IconProps {
  name: string;
  className?: string;
  /** When given, the icon is announced; otherwise it is decorative. */
  title?: string;
}

/** A Bootstrap Italia sprite icon, served from the bundle (works offline). */
export function Icon({ name, className, title }: IconProps) {
  return (
    <svg
      className={['icon', className].filter(Boolean).join(' ')}
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
      focusable="false"
    >
      {title ? <title>{title}</title> : null}
      <use href={`${sprites}#${name}`} />
    </svg>
  );
}
