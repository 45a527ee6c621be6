import { TASKS, type Route } from './tasks';

export function Home({ go, walletOpen, notice = null }: { go: (route: Route) => void; walletOpen: boolean; notice?: string | null }) {
  return (
    <main className="screen" aria-labelledby="home-title">
      {notice && (
        <p className="note" role="status" data-testid="auto-locked">
          {notice}
        </p>
      )}
      <h1 id="home-title">What would you like to do?</h1>
      <ul className="tasks" role="list">
        {TASKS.map((task) => {
          const route = task.route;
          const blocked = route === null || (task.needsWallet === true && !walletOpen);
          return (
            <li key={task.id}>
              <button
                type="button"
                className="task"
                data-testid={`task-${task.id}`}
                disabled={blocked}
                onClick={blocked || route === null ? undefined : () => go(route)}
              >
                <span className="task-title">{task.title}</span>
                <span className="task-description">{task.description}</span>
                {route === null && <span className="task-soon">Not available yet</span>}
                {route !== null && blocked && <span className="task-soon">Create or restore a wallet first</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
