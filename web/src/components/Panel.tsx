import type { HTMLAttributes, ReactNode } from 'react';

interface PanelProps extends HTMLAttributes<HTMLElement> {
  as?: 'section' | 'article' | 'div';
  children: ReactNode;
}

/** A Bootstrap Italia card (plain classes: the kit's Card and CardBody use mismatched markup). */
export function Panel({ as: Tag = 'div', className, children, ...rest }: PanelProps) {
  return (
    <Tag
      {...rest}
      className={['card', 'shadow-sm', 'vd-panel', className].filter(Boolean).join(' ')}
    >
      <div className="card-body">{children}</div>
    </Tag>
  );
}
