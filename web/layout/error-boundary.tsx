import { Alert } from 'antd';
import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changing it clears a caught error (e.g. the schema being previewed). */
  resetKey?: unknown;
  fallback?: (error: Error) => ReactNode;
}

/** Keeps one broken panel (a preview of a half-edited schema) from taking the page down. */
export class ErrorBoundary extends Component<Props, { error: Error | null; key: unknown }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: unknown }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error)
      return (
        this.props.fallback?.(this.state.error) ?? (
          <Alert type="error" showIcon title={this.state.error.message} />
        )
      );
    return this.props.children;
  }
}
