/** A small "configured / not configured" badge. */
export function StatusPill(props: { on: boolean; label: string; testId?: string }) {
  return (
    <span className={`pill ${props.on ? 'pill--on' : 'pill--off'}`} data-testid={props.testId}>
      <span className="pill__dot" aria-hidden="true" />
      {props.label}
    </span>
  );
}
