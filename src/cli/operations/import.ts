// `rollcall import --school SLUG FILES...`: the files travel as text (read by the command line), so a
// forwarded import reads nothing from the owner's disk.
import { z } from 'zod';
import { runImportCommand } from '../../register/import-command.js';
import { defineOperation } from '../operation.js';
import { actorSchema } from './actor.js';

const fileSchema = z.union([z.object({ path: z.string(), text: z.string() }), z.object({ path: z.string(), unreadable: z.string() })]);
export type ImportFileInput = z.infer<typeof fileSchema>;

export const operation = defineOperation({
  input: z.object({ school: z.string().min(1), files: z.array(fileSchema), actor: actorSchema }),
  run: async (db, { school, files, actor }, { tty, clock }) => {
    const byPath = new Map(files.map((f) => [f.path, f]));
    const read = (path: string): string => {
      const file = byPath.get(path);
      if (file && 'text' in file) return file.text;
      throw Object.assign(new Error(`cannot read ${path}`), { code: file?.unreadable ?? 'ENOENT' });
    };
    const outcome = await runImportCommand({ db, schoolSlug: school, files: files.map((f) => f.path), actor, tty, read, ...(clock ? { now: () => clock.now() } : {}) });
    return outcome.exitCode === 0
      ? { exitCode: 0, stdout: `${outcome.output}\n`, stderr: '' }
      : { exitCode: outcome.exitCode, stdout: '', stderr: `${outcome.output}\n` };
  },
});
