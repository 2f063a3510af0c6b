import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Router } from '../lib/router';
import '../styles.css';
import { ConsoleApp } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Router>
      <ErrorBoundary>
        <ConsoleApp />
      </ErrorBoundary>
    </Router>
  </StrictMode>,
);
