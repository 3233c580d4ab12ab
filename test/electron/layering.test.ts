import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering rules live in scripts/eslint.config.js; these cases prove each one fires (and that the
// allowed imports stay allowed), by linting snippets as if they were files in each folder.
const root = path.join(import.meta.dirname, '..', '..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'scripts', 'eslint.config.js') });
});

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layering is enforced by lint', () => {
  it.each([
    ['renderer/features/bad.ts', "import x from 'electron';"],
    ['renderer/features/bad.ts', "import x from 'node:fs';"],
    ['renderer/features/bad.ts', "import x from 'fs';"],
    ['renderer/components/bad.tsx', "import x from '../../electron/core/paths';"],
    ['shared/bad.ts', "import x from 'electron';"],
    ['shared/bad.ts', "import x from 'node:path';"],
    ['shared/bad.ts', "import x from 'react';"],
    ['shared/ipc/bad.ts', "import x from '../../renderer/App';"],
    ['shared/ipc/bad.ts', "import x from '../../electron/core/errors';"],
    ['electron/core/bad.ts', "import x from 'electron';"],
    ['electron/core/store/bad.ts', "import { app as x } from 'electron';"],
    ['electron/cli/bad.ts', "import x from 'electron';"],
    ['electron/devweb/bad.ts', "import x from 'electron';"],
    ['electron/core/bad.ts', "import x from '../main/ipc';"],
    ['electron/core/bad.ts', "import x from '../../renderer/App';"],
  ])('%s: %s is refused', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['renderer/features/ok.ts', "import x from '../../shared/settings';"],
    ['renderer/features/ok.ts', "import x from 'react';"],
    ['shared/ok.ts', "import x from 'zod';"],
    ['electron/core/ok.ts', "import type x from 'electron';"],
    ['electron/core/ok.ts', "import x from 'node:fs';"],
    ['electron/main/ok.ts', "import x from 'electron';"],
    ['electron/preload/ok.ts', "import x from 'electron';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
