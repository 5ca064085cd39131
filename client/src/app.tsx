// The page shell: header, then the page the path names.
import { location, matchArticle, matchProfile } from './lib/router';
import { useStore } from './lib/store';
import { AccountPage } from './pages/account-page';
import { ArticlePage } from './pages/article-page';
import { HomePage } from './pages/home-page';
import { ModerationPage } from './pages/moderation-page';
import { ProfilePage } from './pages/profile-page';
import { ResetPasswordPage } from './pages/reset-password-page';
import { Header } from './ui/header';

export function App() {
  const { path, search } = useStore(location);
  const slug = matchArticle(path);
  const profile = matchProfile(path);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        {path === '/' ? (
          <HomePage />
        ) : slug ? (
          <ArticlePage key={slug} slug={slug} around={search.get('around') ?? undefined} />
        ) : profile ? (
          <ProfilePage key={profile} username={profile} />
        ) : path === '/moderation' ? (
          <ModerationPage />
        ) : path === '/account' ? (
          <AccountPage />
        ) : path === '/reset-password' ? (
          <ResetPasswordPage />
        ) : (
          <p>
            There is no such page. <a href="/">See the articles.</a>
          </p>
        )}
      </main>
    </>
  );
}
