// Lint rules: typescript-eslint's recommended set, `any` banned (strict public APIs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'native/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The command line is flags → typed options → one library call → print: it uses the library as a user would,
    // through its public entry, never the lower floors' internals; and its files stay small.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../core/*', '../nn/*', '../optim/*', '../train/*', '../data/*'], message: 'The CLI reaches these floors through the library (../index.js): move the work into a library call.' }] }],
      'max-lines': ['error', { max: 80 }],
    },
  },
  { files: ['src/cli/help.ts', 'src/cli/main.ts'], rules: { 'max-lines': 'off' } },
);
