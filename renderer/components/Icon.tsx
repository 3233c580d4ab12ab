/** Line icons drawn on a 20×20 grid with currentColor, so they follow the text colour and theme. */
const paths = {
  catalog: 'M3.5 3.5h5v5h-5zM11.5 3.5h5v5h-5zM3.5 11.5h5v5h-5zM11.5 11.5h5v5h-5z',
  settings:
    'M3 5.5h8M14.5 5.5H17M3 14.5h2.5M9 14.5h8M11 3.5v4M5.5 12.5v4',
  box: 'M10 2.5l7 3.5v8L10 17.5 3 14V6zM3 6l7 3.5L17 6M10 9.5v8',
  storage: 'M6 15.5h8.5a3.5 3.5 0 0 0 .4-7A5 5 0 0 0 5.3 9.7 3 3 0 0 0 6 15.5z',
  database: 'M4 6c0-1.7 2.7-3 6-3s6 1.3 6 3-2.7 3-6 3-6-1.3-6-3zM4 6v8c0 1.7 2.7 3 6 3s6-1.3 6-3V6M4 10c0 1.7 2.7 3 6 3s6-1.3 6-3',
  key: 'M12.5 3.5a4 4 0 1 1-3.6 5.8L3.5 14.7v2h2.5v-1.5h1.5v-1.5h1.5l1.1-1.1A4 4 0 0 1 12.5 3.5zM13.5 6.5h.01',
  globe: 'M10 2.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM2.5 10h15M10 2.5c2 2 3 4.5 3 7.5s-1 5.5-3 7.5c-2-2-3-4.5-3-7.5s1-5.5 3-7.5z',
  warning: 'M10 3l7.5 13h-15zM10 8v3.5M10 14h.01',
} as const;

export type IconName = keyof typeof paths;

/** A decorative icon: hidden from assistive tech, since the text beside it says the same. */
export function Icon(props: { name: IconName; size?: number; className?: string }) {
  const size = props.size ?? 18;
  return (
    <svg
      className={props.className}
      width={size}
      height={size}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[props.name]} />
    </svg>
  );
}
