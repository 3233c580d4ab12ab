// ESLint for the whole repo (run by `npm run lint` and `npm test`). Besides the usual recommended rules,
// it enforces where code runs (see ../shared/STYLE.md in the team notes and README "Architecture"):
//   renderer/  imports only shared/ and browser packages — never electron, Node built-ins or electron/;
//   shared/    imports neither electron/ nor renderer/, nor Node built-ins, electron or React;
//   electron/  only the shell (electron/main, electron/preload) imports 'electron'; the core, CLI and
//              dev:web are plain Node (type-only imports of Electron's types are fine).
// test/electron/layering.test.ts proves each rule fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const restrict = (paths, patterns) => ({ paths: paths.map((name) => ({ name, message: 'Not allowed in this layer (see README → Architecture).' })), patterns });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.electron-native/**', '.vitrina-dev/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off', // validation deliberately matches control characters
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'test/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        // '**/electron' also matches the bare 'electron' package.
        restrict(nodeBuiltins, [
          { group: ['**/electron/**', '**/electron'], message: 'The renderer talks to main only through window.vitrina (shared/ipc).' },
        ]),
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restrict(['react', 'react-dom', ...nodeBuiltins], [
          { group: ['**/electron/**', '**/electron', '**/renderer/**', '**/renderer'], message: 'shared/ is the contract: it imports neither side.' },
        ]),
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', allowTypeImports: true, message: "Only the Electron shell (electron/main, electron/preload) imports 'electron'; keep this module plain Node." }],
          patterns: [{ group: ['**/renderer/**', '**/renderer'], message: 'Main-process code never imports the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', allowTypeImports: true, message: "Only the Electron shell (electron/main, electron/preload) imports 'electron'; keep this module plain Node." }],
          patterns: [
            { group: ['**/renderer/**', '**/renderer'], message: 'Main-process code never imports the renderer.' },
            { group: ['**/main/**', '**/preload/**', '**/cli/**', '**/devweb/**'], message: 'The core does not know its transports (Electron shell, CLI, dev:web).' },
          ],
        },
      ],
    },
  },
);
