// `rollcall school add SLUG --policy FILE`: register a school or update its policy.
import { z } from 'zod';
import { addOrUpdateSchool } from '../../register/schools.js';
import { defineOperation, failed, printed } from '../operation.js';
import { actorSchema } from './actor.js';

export const operation = defineOperation({
  input: z.object({ slug: z.string().min(1), policyYaml: z.string(), actor: actorSchema }),
  run: async (db, { slug, policyYaml, actor }) => {
    try {
      const saved = await addOrUpdateSchool(db.prisma, { slug, policyYaml }, actor);
      const lines = [`${saved.created ? 'added' : saved.changed ? 'updated' : 'unchanged'}: ${saved.school.slug} (${saved.school.name})`];
      for (const w of saved.warnings) lines.push(`  warning ${w.path}: ${w.message}`);
      return printed(lines.join('\n'));
    } catch (error) {
      return failed((error as Error).message);
    }
  },
});
