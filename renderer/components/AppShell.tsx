import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface NavItem {
  id: string;
  label: string;
  href: string;
  icon: IconName;
  current: boolean;
}

/** The window's frame: the sidebar with the app name and navigation, and the main area. */
export function AppShell(props: {
  appName: string;
  tagline: string;
  navLabel: string;
  nav: NavItem[];
  footer: ReactNode;
  banner?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="sidebar__inner">
          <div className="brand">
            <span className="brand__mark" aria-hidden="true">
              V
            </span>
            <span className="brand__text">
              <span className="brand__name">{props.appName}</span>
              <span className="brand__tagline">{props.tagline}</span>
            </span>
          </div>
          <nav className="nav" aria-label={props.navLabel}>
            {props.nav.map((item) => (
              <a
                key={item.id}
                className="nav__link"
                href={item.href}
                aria-current={item.current ? 'page' : undefined}
                data-testid={`nav-${item.id}`}
              >
                <Icon name={item.icon} />
                <span>{item.label}</span>
              </a>
            ))}
          </nav>
          <div className="sidebar__footer">{props.footer}</div>
        </div>
      </aside>
      <main className="main" id="main">
        {props.banner}
        <div className="main__inner">{props.children}</div>
      </main>
    </div>
  );
}
