// The ChatPort contract every adapter passes (Slack against the fake Web API, Teams against the fake Bot
// Connector, local in memory): what a workflow can rely on whichever platform it posts to.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { header, list, message, text, type ChatMessage } from '../../src/chat/model.js';
import type { ChatPort } from '../../src/chat/port.js';

export interface PortHarness {
  port: ChatPort;
  /** Text of each message everyone sees in the channel, oldest first. */
  shown(channel: string): string[];
  /** Text of messages only `user` sees in the channel. */
  privateTo(channel: string, user: string): string[];
  fileBytes(fileId: string): number | undefined;
  close(): Promise<void>;
}

const roll = (n: number): ChatMessage =>
  message(`Absent: ${n}`, header('Unexplained absences'), list(Array.from({ length: n }, (_, i) => ({ text: `Pupil-${String(i).padStart(3, '0')} absent` }))));

function pupilsIn(texts: string[]): string[] {
  return texts.join('\n').match(/Pupil-\d{3}/g) ?? [];
}

export function describeChatPortContract(name: string, make: () => Promise<PortHarness>): void {
  describe(`ChatPort contract: ${name}`, () => {
    let h: PortHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => {
      await h.close();
    });

    it('posts a message that everyone in the channel sees', async () => {
      const res = await h.port.post('C-office', message('Morning', header('Morning list'), text('Amy Smith, Year 3')));
      expect(res.externalId).not.toBe('');
      expect(res.channel).toBe('C-office');
      expect(h.shown('C-office')).toHaveLength(1);
      expect(h.shown('C-office')[0]).toContain('Amy Smith, Year 3');
    });

    it('updates a message in place, and the returned id updates it again', async () => {
      const first = await h.port.post('C-office', message('v1', text('Amy Smith unclaimed')));
      const second = await h.port.update('C-office', first.externalId, message('v2', text('Amy Smith claimed')));
      await h.port.update('C-office', second.externalId, message('v3', text('Amy Smith closed: I')));
      expect(h.shown('C-office')).toHaveLength(1);
      expect(h.shown('C-office')[0]).toContain('Amy Smith closed: I');
    });

    it('keeps every row of a long list in order, and shrinks and regrows it in place', async () => {
      const posted = await h.port.post('C-office', roll(300));
      const all = Array.from({ length: 300 }, (_, i) => `Pupil-${String(i).padStart(3, '0')}`);
      expect(pupilsIn(h.shown('C-office'))).toEqual(all);
      const shrunk = await h.port.update('C-office', posted.externalId, roll(3));
      expect(pupilsIn(h.shown('C-office'))).toEqual(all.slice(0, 3));
      await h.port.update('C-office', shrunk.externalId, roll(300));
      expect(pupilsIn(h.shown('C-office'))).toEqual(all);
    });

    it('shows an ephemeral answer only to its user', async () => {
      await h.port.postEphemeral('C-office', 'U-amy-teacher', message('Only you', text('Only you can see this')));
      expect(h.privateTo('C-office', 'U-amy-teacher').join()).toContain('Only you can see this');
      expect(h.shown('C-office')).toEqual([]);
    });

    it('sends a direct message and says which channel it landed in', async () => {
      const res = await h.port.dm('U-dsl', message('DM', text('Ben is missing: you lead the search')));
      expect(h.shown(res.channel).join()).toContain('Ben is missing: you lead the search');
    });

    it('uploads a file', async () => {
      const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3, 4, 5]);
      const { fileId } = await h.port.uploadFile('C-slt', { filename: 'attendance.png', title: 'Attendance this week', bytes });
      expect(h.fileBytes(fileId)).toBe(bytes.length);
    });
  });
}
