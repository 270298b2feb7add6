#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, in this process, so a clone works without a build step.
// tsx is resolved from this file (not the working directory), so the bin works from anywhere and
// after `npm link`; one process means signals (Ctrl-C, SIGTERM, SIGKILL) reach the CLI itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
