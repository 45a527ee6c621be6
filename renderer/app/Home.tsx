import { TASKS, type Route } from './tasks';

export function Home({ go }: { go: (route: Route) => void }) {
  return (
    <main className="screen" aria-labelledby="home-title">
      <h1 id="home-title">What would you like to do?</h1>
      <ul className="tasks" role="list">
        {TASKS.map((task) => {
          const route = task.route;
          return (
            <li key={task.id}>
              <button
                type="button"
                className="task"
                data-testid={`task-${task.id}`}
                disabled={route === null}
                onClick={route === null ? undefined : () => go(route)}
              >
                <span className="task-title">{task.title}</span>
                <span className="task-description">{task.description}</span>
                {route === null && <span className="task-soon">Not available yet</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
