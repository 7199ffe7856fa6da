// `/rollcall help` (or `/rollcall`): what this deployment's commands are, from the router itself, so the
// list never drifts from what is registered. Open to anyone, staff list or not.
import { z } from 'zod';
import { context, header, list, message } from '../chat/model.js';
import type { ChatRouter } from '../chat/router.js';

export function registerHelp(router: ChatRouter): void {
  router.command(
    '/rollcall',
    z.array(z.string()).max(1),
    () => {
      const commands = router.commands().filter((c) => c.name !== '/rollcall').sort((a, b) => a.name.localeCompare(b.name));
      return message(
        'Rollcall commands',
        header('Rollcall commands'),
        list(commands.map((c) => ({ text: `\`${c.usage ?? c.name}\`${c.description ? `: ${c.description}` : ''}` }))),
        context('A pupil can be named by UPN, full name or the start of a name. Buttons on the posted lists do the same.'),
      );
    },
    { usage: '/rollcall help', description: 'this list', allowGuests: true },
  );
}
