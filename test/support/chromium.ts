// The Chromium the browser tests drive. Debian's (/usr/bin/chromium) when it is installed; otherwise the
// headless Chromium that the @sparticuz/chromium devDependency ships inside its npm package, so a machine
// with only Node.js and npm runs the browser tests too. Never a skip: when neither can start, the test fails.
//
//   CHROMIUM_PATH=/path/to/chrome   that binary, and only that one
//   TEST_CHROMIUM=system            Debian's, or fail
//   TEST_CHROMIUM=npm               the package's, even where Debian's is installed
//
// The package's browser is unpacked once per package version into <tmpdir>/handoff-chromium-<version>/
// (about 2 s, 220 MB), with the NSS and expat libraries the package ships for it, so it needs nothing
// from the system but the C library.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { LaunchOptions } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChosenChromium {
  /** What a failure message should name. */
  source: string;
  launch: LaunchOptions;
}

/** The launch options for the Chromium this machine has; throws (so the test fails) when there is none. */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChosenChromium> {
  const explicit = env.CHROMIUM_PATH;
  const wanted = env.TEST_CHROMIUM ?? 'auto';
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} does not exist. The browser test never skips.`);
    return { source: `CHROMIUM_PATH (${explicit})`, launch: { executablePath: explicit, args: FLAGS } };
  }
  if (!['auto', 'system', 'npm'].includes(wanted)) {
    throw new Error(`TEST_CHROMIUM=${wanted}: expected system or npm (or unset for: system when installed, else npm).`);
  }
  if (wanted === 'system' || (wanted === 'auto' && existsSync(SYSTEM_CHROMIUM))) {
    if (!existsSync(SYSTEM_CHROMIUM)) {
      throw new Error(`TEST_CHROMIUM=system but ${SYSTEM_CHROMIUM} is missing (apt-get install -y chromium). The browser test never skips.`);
    }
    return { source: `Debian's Chromium (${SYSTEM_CHROMIUM})`, launch: { executablePath: SYSTEM_CHROMIUM, args: FLAGS } };
  }
  const dir = await unpackPackagedChromium();
  return {
    source: `the Chromium of @sparticuz/chromium (${dir})`,
    launch: {
      executablePath: join(dir, 'chromium'),
      args: FLAGS,
      env: {
        ...process.env,
        LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
        FONTCONFIG_FILE: join(dir, 'fonts.conf'),
      },
    },
  };
}

const packageDir = fileURLToPath(new URL('../../node_modules/@sparticuz/chromium/', import.meta.url));

/** Unpacks the package's browser (once per version) and returns its directory. */
async function unpackPackagedChromium(): Promise<string> {
  let version: string;
  try {
    version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch (err) {
    throw new Error(
      `No ${SYSTEM_CHROMIUM} and no @sparticuz/chromium package (${(err as Error).message}): run npm ci, ` +
        'or install Chromium (apt-get install -y chromium). The browser test never skips.',
    );
  }
  const dir = join(tmpdir(), `handoff-chromium-${version}`);
  if (existsSync(join(dir, 'chromium'))) return dir;

  // The package unpacks into os.tmpdir(): a child process with TMPDIR set to a fresh staging directory
  // does it there, and the finished directory is then renamed into place, so two runs at once never see
  // half a browser.
  const staging = mkdtempSync(join(tmpdir(), `handoff-chromium-${version}-`));
  try {
    const script = `
      import chromium, { inflate } from '@sparticuz/chromium';
      await chromium.executablePath();
      await inflate(${JSON.stringify(join(packageDir, 'bin', 'al2023.tar.br'))});`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, TMPDIR: staging },
    });
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, dir);
    } catch (err) {
      // Another run finished first: use its copy.
      if (!existsSync(join(dir, 'chromium'))) throw err;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Could not unpack the Chromium of @sparticuz/chromium: ${(err as Error).message}`);
  }
  return dir;
}
