/** Sign-in: POST /api/auth/login, then on to the page asked for or the user's home page. */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { login } from '../lib/api';
import { navigate } from '../router';
import { homeFor, type PageProps } from '../routes';
import { LocaleSwitch } from '../components/Shell';
import { describeError } from '../components/ui';

export default function LoginPage({ search }: PageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await login(username.trim(), password);
      const next = search.get('next');
      // only in-app paths: never an open redirect
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(session.user.roles), true);
    } catch (caught) {
      setError(describeError(caught));
      setBusy(false);
    }
  };
  return (
    <div class="login">
      <form class="login-card" onSubmit={submit}>
        <h1>{t('app.title')}</h1>
        <p class="muted">{t('login.subtitle')}</p>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? (
          <div class="error" role="alert">
            {error}
          </div>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <div class="login-links">
          <a href="/public/consultations">{t('public.consultations')}</a>
          <a href="/public/catalogue">{t('public.catalogue')}</a>
          <LocaleSwitch />
        </div>
      </form>
    </div>
  );
}
