// Resolves a chat user to a StaffMember and their roles (the router checks roles with this). Slack and
// Teams match their own user id columns; local mode acts as a staff id from staff.csv (e.g. S003).
import type { StaffDirectory, StaffIdentity, StaffLookup } from '../chat/port.js';
import type { PrismaClient } from '../db/client.js';

export function createDbStaffDirectory(prisma: PrismaClient): StaffDirectory {
  return {
    async find(lookup: StaffLookup): Promise<StaffIdentity | undefined> {
      const byPlatform =
        lookup.platform === 'slack' ? { slackUserId: lookup.userId } : lookup.platform === 'teams' ? { teamsUserId: lookup.userId } : { staffId: lookup.userId };
      const matches = await prisma.staffMember.findMany({
        where: { ...byPlatform, active: true, ...(lookup.schoolId ? { schoolId: lookup.schoolId } : {}) },
        take: 2,
      });
      // The same chat user on two schools' staff lists without knowing which school asked: refuse to guess.
      if (matches.length !== 1) return undefined;
      const s = matches[0]!;
      return { id: s.id, name: s.name, roles: s.roles, schoolId: s.schoolId };
    },
  };
}
