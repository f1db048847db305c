#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so there is no separate compile step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/main.ts');
