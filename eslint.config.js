// Lint runs with zero warnings allowed; type-aware rules only where they catch real bugs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.sigma/**',
      'test-results/**',
      'packages/contracts/generated/**',
      'packages/contracts/artifacts/**',
      'packages/contracts/cache/**',
      // Labelled evaluation samples: third-party-style skills kept as written (docs/detection.md).
      'packages/evidence/corpus/**',
      'packages/web/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      'no-irregular-whitespace': 'off',
    },
  },
  {
    // The web app runs in browsers (its vite.config.ts runs in Node).
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Layering (docs/architecture.md): each rule names the layer and what it may not import.
  // packages/server/test/layering.test.ts shows each rule failing on a deliberate break.
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@sigma/*', '../../*'], message: 'core imports nothing of ours: it is the bottom layer (no I/O, Node and browser).' }] },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}', 'packages/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@sigma/server', '@sigma/server/*', '**/server/src/**'], message: 'web and cli talk to the server over HTTP only.' }] },
      ],
    },
  },
  {
    files: ['packages/server/src/planes/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/schema', '**/db/schema/*', 'drizzle-orm', 'drizzle-orm/*'],
              message: 'planes talk to domain services, never to the database schema.',
            },
            { group: ['**/jobs/*'], message: 'planes change state through domain services, not by enqueueing jobs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/jobs/*'],
              message: 'domain code asks for the next step through Next (domain/lifecycle/next.ts); the job layer imports domain, never the reverse.',
            },
            { group: ['**/planes/*'], message: 'domain code does not know about HTTP planes.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
