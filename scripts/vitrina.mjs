#!/usr/bin/env node
// The `vitrina` command (package.json "bin"). It runs the TypeScript sources through tsx, so the CLI
// always matches the checked-out core without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
