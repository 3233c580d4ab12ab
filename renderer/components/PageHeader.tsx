/** A screen's title and one line saying what the screen is for. */
export function PageHeader(props: { title: string; subtitle?: string }) {
  return (
    <header className="page-header">
      {/* tabIndex -1: the app moves focus here when the view changes, so keyboard users start at the top. */}
      <h1 className="page-header__title" id="page-title" tabIndex={-1}>
        {props.title}
      </h1>
      {props.subtitle ? <p className="page-header__subtitle">{props.subtitle}</p> : null}
    </header>
  );
}
