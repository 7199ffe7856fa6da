// Who a command acts as, recorded in audit rows: the CLI's name for its user travels with a forwarded
// command, so the owner records the person at the terminal, not itself.
import { z } from 'zod';

export const actorSchema = z.object({ name: z.string().min(1).max(200), role: z.literal('data-manager') });

export const cliActor = (): z.infer<typeof actorSchema> => ({ name: process.env.ROLLCALL_ACTOR ?? 'rollcall CLI', role: 'data-manager' });
