import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly failed: boolean;
}

/**
 * A screen that fails to draw must not leave a blank window or a half-drawn one. The error's text is not shown
 * (it could quote data); the user gets a way home. Wallets stay open in the main process.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset?: () => void }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Name and component stack only: enough to find the bug, nothing the user typed.
    console.warn('Permafrost: a screen failed to draw:', error instanceof Error ? error.name : typeof error, info.componentStack?.split('\n')[1]?.trim());
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="screen" role="alert" data-testid="error-boundary">
        <h1>This screen could not be shown</h1>
        <p>Nothing was changed and nothing was saved. Go back to the start and try again.</p>
        <div className="actions">
          <button
            type="button"
            className="primary"
            autoFocus
            onClick={() => {
              this.setState({ failed: false });
              this.props.onReset?.();
            }}
          >
            Back to start
          </button>
        </div>
      </main>
    );
  }
}
