// The embedded PhotoStore: one file per key under a directory (by default beside the SQLite file).
// Every write goes to a temporary file in the key's own directory, is fsynced, renamed over the key
// and its directory fsynced, so a crash at any point leaves either the whole photo under its key or
// nothing (plus at most a stray temporary file, whose dot-name no valid key can have).
//
// The content type is not stored: it is the one the key's extension names. A sidecar file per photo
// would double the files and the fsyncs and open a crash window where a photo has no sidecar; the
// keys are made by our own code from the sniffed type, and assertPut refuses a type that disagrees
// with the extension, so what get reports is exactly what was put.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  assertPut,
  assertValidKey,
  contentTypeOfKey,
  type PhotoStore,
  type StoredObject,
} from './photo-store.ts';

export class LocalPhotoStore implements PhotoStore {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    assertPut(key, contentType);
    await this.writeDurably(key, async (temporary) => {
      // copyFile may clone or use copy_file_range; the bytes still need their own fsync below.
      await copyFile(path, temporary, constants.COPYFILE_EXCL);
      await fsync(temporary, 'r+');
    });
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<void> {
    assertPut(key, contentType);
    await this.writeDurably(key, async (temporary) => {
      const handle = await open(temporary, 'wx');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const path = this.pathOf(key);
    // Size and bytes come from one open file, so a concurrent replace (rename) cannot split them.
    const handle = await open(path, 'r').catch(orUndefinedWhenMissing);
    if (!handle) return undefined;
    try {
      const info = await handle.stat();
      // A directory on the way to other keys is no object, as it would not be one in a bucket.
      if (info.isFile()) return { body: handle.createReadStream(), bytes: info.size, contentType: contentTypeOfKey(key) };
    } catch (err) {
      await handle.close();
      throw err;
    }
    await handle.close();
    return undefined;
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch(orUndefinedWhenMissing);
    return info?.isFile() ?? false;
  }

  /** Disk has no signer: photos from this store are served through the API. */
  async presignedGetUrl(key: string, _seconds: number): Promise<string | null> {
    assertValidKey(key);
    return null;
  }

  /** Creates the directory and writes, fsyncs and removes a probe file in it. */
  async check(): Promise<void> {
    const probe = join(this.root, `.check-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(this.root, { recursive: true });
      const handle = await open(probe, 'wx');
      try {
        await handle.writeFile('ok');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await unlink(probe);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new Error(`photo store: the directory ${this.root} is not writable (${reason})`);
    }
  }

  /** The key's file, which assertValidKey already keeps inside the root; checked once more all the same. */
  private pathOf(key: string): string {
    assertValidKey(key);
    const path = join(this.root, ...key.split('/'));
    if (!path.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) throw new Error(`photo store: refused key ${JSON.stringify(key)}`);
    return path;
  }

  /** `fill` writes and fsyncs the temporary file; this puts it under the key, durably, or removes it. */
  private async writeDurably(key: string, fill: (temporary: string) => Promise<void>): Promise<void> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    const firstCreated = await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    try {
      await fill(temporary);
      await rename(temporary, path);
    } catch (err) {
      await unlink(temporary).catch(() => {});
      throw err;
    }
    // The rename is durable once its directory is; a directory made just now must be made durable
    // in its own parent too, or a crash could lose the whole new branch with the photo in it.
    for (const made of this.directoriesToSync(dir, firstCreated)) await fsync(made, 'r');
  }

  /** `dir` itself, and when mkdir created directories, every one from the parent of the first down. */
  private directoriesToSync(dir: string, firstCreated: string | undefined): string[] {
    if (firstCreated === undefined) return [dir];
    const top = dirname(firstCreated);
    const below = relative(top, dir).split(sep).filter(Boolean);
    return [top, ...below.map((_, i) => join(top, ...below.slice(0, i + 1)))];
  }
}

async function fsync(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function orUndefinedWhenMissing(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
  throw err;
}
