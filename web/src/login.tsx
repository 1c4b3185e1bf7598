import { useState } from 'preact/hooks';
import { api, type Session } from './api.ts';

export function LoginPage({ onLogin, publicAccess }: { onLogin(s: Session): void; publicAccess: boolean }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="login"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          onLogin(await api.login(name, password));
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h1>Log in to Vigil</h1>
      <label>
        User name
        <input
          name="name"
          autocomplete="username"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
          required
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Log in
      </button>
      {publicAccess && (
        <p>
          Or <a href="/">browse the published incidents</a> without an account.
        </p>
      )}
    </form>
  );
}
