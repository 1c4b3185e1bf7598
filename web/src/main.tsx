import { type JSX, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Session } from './api.ts';
import { IncidentPage } from './incident-page.tsx';
import { LoginPage } from './login.tsx';
import { MapPage } from './map-page.tsx';
import './styles.css';

/** Client-side navigation: the server answers every dashboard path with index.html. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [location, setLocation] = useState({
    path: window.location.pathname,
    search: window.location.search,
  });

  useEffect(() => {
    const onPop = () => setLocation({ path: window.location.pathname, search: window.location.search });
    addEventListener('popstate', onPop);
    api.session().then(setSession, (e: Error) => setError(e.message));
    return () => removeEventListener('popstate', onPop);
  }, []);

  if (error) return <p class="error">Cannot reach the server: {error}</p>;
  if (!session) return <p class="loading">Loading…</p>;
  const anonymousBlocked = session.role === 'public' && !session.publicAccess;
  const loggedIn = session.user !== null;

  const logout = async () => {
    await api.logout();
    setSession(await api.session());
    navigate('/login');
  };

  let page: JSX.Element;
  if (location.path === '/login' || anonymousBlocked) {
    page = (
      <LoginPage
        publicAccess={session.publicAccess && !loggedIn}
        onLogin={(s) => {
          setSession(s);
          navigate('/');
        }}
      />
    );
  } else if (session.role === 'contributor') {
    page = (
      <p class="notice">
        Your account can submit field testimony only (POST /api/intake). There is nothing to browse.
      </p>
    );
  } else if (location.path.startsWith('/incidents/')) {
    const id = decodeURIComponent(location.path.slice('/incidents/'.length));
    page = <IncidentPage key={id} id={id} session={session} />;
  } else {
    page = <MapPage key="map" session={session} search={location.search} />;
  }

  return (
    <div class="shell">
      <header>
        <a
          href="/"
          class="brand"
          onClick={(e) => {
            e.preventDefault();
            navigate(`/${sessionStorage.getItem('vigil-filters') ?? ''}`);
          }}
        >
          Vigil
        </a>
        <span class="who" data-testid="who">
          {loggedIn ? `${session.user!.name} · ${session.role}` : 'public view'}
        </span>
        {loggedIn ? (
          <button type="button" onClick={logout}>
            Log out
          </button>
        ) : (
          location.path !== '/login' && (
            <a
              href="/login"
              onClick={(e) => {
                e.preventDefault();
                navigate('/login');
              }}
            >
              Log in
            </a>
          )
        )}
      </header>
      <main>{page}</main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
