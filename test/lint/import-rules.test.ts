/**
 * The import rules are only real once a deliberately bad file fails them. Each case lints a small fixture as if
 * it stood at the given path, with the project's own ESLint config.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import rules (ESLint)', () => {
  it.each([
    ['renderer → electron/core', 'renderer/flows/create/Bad.tsx', "import { assessAirGap } from '../../../electron/core';\nexport const x = assessAirGap;\n"],
    ['renderer → electron/core (type only)', 'renderer/app/Bad.ts', "import type { WalletError } from '../../electron/core';\nexport type X = WalletError;\n"],
    ['renderer → @noble', 'renderer/app/Bad.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nexport const x = sha256;\n"],
    ['renderer → @scure', 'renderer/app/Bad.ts', "import { mnemonicToSeed } from '@scure/bip39';\nexport const x = mnemonicToSeed;\n"],
    ['renderer → electron', 'renderer/app/Bad.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['renderer → node:fs', 'renderer/app/Bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['renderer → the contract at runtime', 'renderer/app/Bad.ts', "import { CHANNELS } from '../../electron/ipc';\nexport const x = CHANNELS;\n"],
    ['core → node:fs', 'electron/core/keys/Bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['core → fs (bare)', 'electron/core/Bad.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n"],
    ['core → crypto (Node)', 'electron/core/Bad.ts', "import { randomBytes } from 'crypto';\nexport const x = randomBytes;\n"],
    ['core → electron', 'electron/core/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['core → react', 'electron/core/Bad.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['core → main', 'electron/core/Bad.ts', "import { startApp } from '../main/app';\nexport const x = startApp;\n"],
    ['ipc → core at runtime', 'electron/ipc/Bad.ts', "import { VERSION } from '../core';\nexport const x = VERSION;\n"],
    ['preload → core', 'electron/preload/Bad.ts', "import { VERSION } from '../core';\nexport const x = VERSION;\n"],
    ['preload → node:fs', 'electron/preload/Bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['cli → electron', 'electron/cli/Bad.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['cli → main', 'electron/cli/Bad.ts', "import { startApp } from '../main/app';\nexport const x = startApp;\n"],
    ['main → electron shell (openExternal)', 'electron/main/Bad.ts', "import { shell } from 'electron';\nexport const x = shell;\n"],
    ['main → renderer', 'electron/main/Bad.ts', "import { App } from '../../renderer/app/App';\nexport const x = App;\n"],
    ['node → electron', 'electron/node/Bad.ts', "import { dialog } from 'electron';\nexport const x = dialog;\n"],
    ['node → main', 'electron/node/Bad.ts', "import { startApp } from '../main/app';\nexport const x = startApp;\n"],
    ['node → cli', 'electron/node/Bad.ts', "import { runCli } from '../cli/run';\nexport const x = runCli;\n"],
    ['common → core', 'electron/common/Bad.ts', "import { VERSION } from '../core';\nexport const x = VERSION;\n"],
    ['common → node:fs', 'electron/common/Bad.ts', "import fs from 'node:fs';\nexport const x = fs;\n"],
    ['common → @noble', 'electron/common/Bad.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nexport const x = sha256;\n"],
  ])('%s fails lint', async (_name, filePath, code) => {
    expect(await restrictedImports(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['renderer → the contract as types', 'renderer/app/Good.ts', "import type { Bridge } from '../../electron/ipc';\nexport type X = Bridge;\n"],
    ['renderer → react', 'renderer/app/Good.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['core → @noble', 'electron/core/Good.ts', "import { sha256 } from '@noble/hashes/sha2.js';\nexport const x = sha256;\n"],
    ['core → core', 'electron/core/keys/Good.ts', "import { WalletError } from '../errors';\nexport const x = WalletError;\n"],
    ['ipc → core as types', 'electron/ipc/Good.ts', "import type { WalletErrorCode } from '../core';\nexport type X = WalletErrorCode;\n"],
    ['main → core, electron, node', 'electron/main/Good.ts', "import { app } from 'electron';\nimport fs from 'node:fs';\nimport { VERSION } from '../core';\nexport const x = [app, fs, VERSION];\n"],
    ['cli → its own run module', 'electron/cli/Good.ts', "import { runCli } from './run';\nexport const x = runCli;\n"],
    ['cli → core and node', 'electron/cli/Good.ts', "import os from 'node:os';\nimport { VERSION } from '../core';\nexport const x = [os, VERSION];\n"],
    ['node → core and node:*', 'electron/node/Good.ts', "import fs from 'node:fs';\nimport { WalletError } from '../core';\nexport const x = [fs, WalletError];\n"],
    ['renderer → the shared QR decoder', 'renderer/workers/Good.ts', "import { decodeFrame } from '../../electron/common/qr-decode';\nexport const x = decodeFrame;\n"],
    ['cli → the shared QR decoder', 'electron/cli/Good.ts', "import { decodeFrame } from '../common/qr-decode';\nexport const x = decodeFrame;\n"],
    ['common → the qr package', 'electron/common/Good.ts', "import decodeQR from 'qr/decode.js';\nexport const x = decodeQR;\n"],
    ['main and cli → the shared safe save', 'electron/cli/Good.ts', "import { writeFileAtomic } from '../node/safe-files';\nexport const x = writeFileAtomic;\n"],
  ])('%s passes lint', async (_name, filePath, code) => {
    expect(await restrictedImports(filePath, code)).toEqual([]);
  });
});
