// ESLint for the whole repository: `npm run lint` (`npx eslint --fix .` applies the fixable ones).
// The recommended rules of ESLint, typescript-eslint (syntax only, not type-checked, so a run takes
// seconds) and react-hooks; every rule turned off or changed below says why.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'data/', 'test-results/', '.vite/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `any` marks the places that are dynamic on purpose: Kysely handles over tables made at run time
      // (r_<formId>, migrations), the heterogeneous field-type registry, and HTTP answers in tests.
      // Everything else is strict TypeScript with zod at the edges; a rule would only add disable comments.
      '@typescript-eslint/no-explicit-any': 'off',
      // `const { secret: _s, ...rest } = x` is how the code drops properties; `_` marks a name kept unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The two rules of hooks. The plugin's other recommended rules (refs, set-state-in-effect, purity,
      // immutability, use-memo, …) check what React Compiler can optimise; the app is not compiled with
      // it, and the grid and dashboards read refs during render and measure in effects on purpose.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
