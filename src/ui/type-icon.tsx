type Props = { monogram: string; background: string; size?: 'small' | 'large' }

/** A type's badge. Decorative: the type's name is always written next to it. */
export function TypeIcon({ monogram, background, size = 'small' }: Props) {
  return (
    <span className={`type-icon type-icon--${size}`} style={{ background }} aria-hidden="true">
      {monogram}
    </span>
  )
}
