import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Never a blank page: a render error shows its message and a way back. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('SIGMA page error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="page" id="main">
        <div className="alert alert-error" role="alert">
          <h1>Something went wrong on this page</h1>
          <p>{this.state.error.message || String(this.state.error)}</p>
          <p>
            <button type="button" onClick={() => this.setState({ error: null })}>
              Try again
            </button>{' '}
            <a href="/">Go to the home page</a>
          </p>
        </div>
      </main>
    );
  }
}
