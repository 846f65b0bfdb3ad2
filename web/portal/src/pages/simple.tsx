// Small pages of the shell itself: the home of a role that has no pages yet, and "no such page".
import { useTitle } from '../title.ts';

export function PlaceholderHome() {
  useTitle('Home');
  return (
    <>
      <h1>Welcome</h1>
      <p>There is nothing for your role in the portal yet.</p>
    </>
  );
}

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no such page in the portal. <a href="/portal/">Go to your home page</a>.
      </p>
    </>
  );
}
