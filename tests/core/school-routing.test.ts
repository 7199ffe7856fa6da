// Which school a request is for, from the bindings in the schools' policies: one school per workspace or
// team, several schools of a trust in one Slack workspace or one tenant (the channel decides, then the
// person's staff record), and a refusal naming the id an admin needs for anything unbound. No fallback to
// "the only school".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindingConflicts, isBoundTo, schoolForSlackRequest, schoolForTeamsRequest, scopeFor, type StaffSchools } from '../../src/core/school-routing.js';
import type { SchoolWithPolicy } from '../../src/register/schools.js';
import { RollcallError } from '../../src/errors/rollcall-error.js';
import { parsePolicy } from '../../src/policy/load.js';
import { withBinding, type Binding } from '../support/bindings.js';

const LUTLEY = readFileSync('policies/lutley.yaml', 'utf8');

function school(slug: string, binding: Binding): SchoolWithPolicy {
  const parsed = parsePolicy(withBinding(LUTLEY, binding));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return { id: `id-${slug}`, slug, name: `School ${slug}`, timezone: 'Europe/London', policy: parsed.policy };
}

const north = school('north', { slack: { teamId: 'T-TRUST', channelIds: { attendance: 'C-N-ATT', incidents: 'C-N-INC', leadership: 'C-N-SLT' } }, teams: { tenantId: 'tenant-1', teamId: 'team-north' } });
const south = school('south', { slack: { teamId: 'T-TRUST', channelIds: { attendance: 'C-S-ATT', incidents: 'C-S-INC', leadership: 'C-S-SLT' } }, teams: { tenantId: 'tenant-1', teamId: 'team-south' } });
const alone = school('alone', { slack: { teamId: 'T-ALONE' } });
const unbound = school('unbound', {});

/** Staff records: user -> the schools they are on. */
function staff(records: Record<string, string[]>): StaffSchools {
  return async (_platform, userId, schoolIds) => (records[userId] ?? []).filter((id) => schoolIds.includes(id));
}
const nobody = staff({});

async function refusal(p: Promise<unknown>): Promise<string> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RollcallError);
  return error instanceof Error ? error.message : '';
}

describe('a school’s scope on each platform', () => {
  it('is what its policy binds, and nothing else', () => {
    expect(scopeFor(north.policy, 'slack')).toEqual({ workspaceId: 'T-TRUST' });
    expect(scopeFor(north.policy, 'teams')).toEqual({ tenantId: 'tenant-1', teamId: 'team-north' });
    expect(scopeFor(unbound.policy, 'slack')).toEqual({});
    expect(scopeFor(unbound.policy, 'teams')).toEqual({});
    expect([isBoundTo(alone.policy, 'slack'), isBoundTo(alone.policy, 'teams'), isBoundTo(unbound.policy, 'slack')]).toEqual([true, false, false]);
  });
});

describe('Slack: which school a request is for', () => {
  const all = [north, south, alone, unbound];

  it('the school bound to the workspace, whoever asks', async () => {
    expect(await schoolForSlackRequest(all, { teamId: 'T-ALONE', channelId: 'D1', userId: 'U-anyone' }, nobody)).toBe(alone.id);
  });

  it('two schools in one workspace: the channel’s school, by id or (unbound channels) by name', async () => {
    expect(await schoolForSlackRequest(all, { teamId: 'T-TRUST', channelId: 'C-S-INC', userId: 'U-north-staff' }, staff({ 'U-north-staff': [north.id] }))).toBe(south.id);
    expect(await schoolForSlackRequest(all, { teamId: 'T-TRUST', channelId: 'C-N-ATT', userId: 'U-x' }, nobody)).toBe(north.id);
    const named = [school('east', { slack: { teamId: 'T-2' } }), school('west', { slack: { teamId: 'T-2', channelIds: { attendance: 'C-W', incidents: 'C-W2', leadership: 'C-W3' } } })];
    expect(await schoolForSlackRequest(named, { teamId: 'T-2', channelId: 'C-ANY', channelName: 'attendance', userId: 'U-x' }, nobody)).toBe(named[0]!.id);
  });

  it('two schools in one workspace, elsewhere (a DM): the person’s own school', async () => {
    expect(await schoolForSlackRequest(all, { teamId: 'T-TRUST', channelId: 'D-dm', userId: 'U-south' }, staff({ 'U-south': [south.id] }))).toBe(south.id);
  });

  it('refuses, saying why, when neither the channel nor the person decides', async () => {
    expect(await refusal(schoolForSlackRequest(all, { teamId: 'T-TRUST', channelId: 'D-dm', userId: 'U-guest' }, nobody))).toMatch(/several schools \(School north, School south\)/);
    expect(await refusal(schoolForSlackRequest(all, { teamId: 'T-TRUST', channelId: 'D-dm', userId: 'U-both' }, staff({ 'U-both': [north.id, south.id] })))).toMatch(/several schools/);
  });

  it('refuses a workspace no school is bound to, with the id an admin puts in the policy, even with one school', async () => {
    expect(await refusal(schoolForSlackRequest([alone], { teamId: 'T-STRANGER', userId: 'U1' }, staff({ U1: [alone.id] })))).toMatch(/not connected to a school.*teamId: "T-STRANGER"/);
    expect(await refusal(schoolForSlackRequest([unbound], { teamId: 'T-STRANGER', userId: 'U1' }, nobody))).toMatch(/T-STRANGER/);
  });
});

describe('Teams: which school a request is for', () => {
  const all = [north, south, alone, unbound];

  it('a channel of a school’s team is that school’s, whoever asks', async () => {
    expect(await schoolForTeamsRequest(all, { tenantId: 'tenant-1', teamId: 'team-south', channelId: '19:x', userId: 'aad-north' }, staff({ 'aad-north': [north.id] }))).toBe(south.id);
  });

  it('a team of another tenant is not the school’s, even with the same team id', async () => {
    expect(await refusal(schoolForTeamsRequest(all, { tenantId: 'tenant-2', teamId: 'team-south', userId: 'u' }, nobody))).toMatch(/This team is not connected.*team-south/);
  });

  it('refuses a team no school is bound to, with the id to bind', async () => {
    expect(await refusal(schoolForTeamsRequest([north], { tenantId: 'tenant-1', teamId: 'team-other', userId: 'aad-north' }, staff({ 'aad-north': [north.id] })))).toMatch(/teamId: "team-other"/);
  });

  it('a 1:1 chat: the one school of the tenant, else the person’s own school among them', async () => {
    expect(await schoolForTeamsRequest([north], { tenantId: 'tenant-1', userId: 'aad-guest' }, nobody)).toBe(north.id);
    expect(await schoolForTeamsRequest(all, { tenantId: 'tenant-1', userId: 'aad-south' }, staff({ 'aad-south': [south.id] }))).toBe(south.id);
    expect(await refusal(schoolForTeamsRequest(all, { tenantId: 'tenant-1', userId: 'aad-guest' }, nobody))).toMatch(/several schools/);
    expect(await refusal(schoolForTeamsRequest([alone, unbound], { tenantId: 'tenant-1', userId: 'aad-guest' }, nobody))).toMatch(/not connected to a school in this Microsoft 365 tenant/);
  });

  it('a school bound by team only belongs to the bot’s own tenant', async () => {
    const teamOnly = school('teamonly', { teams: { teamId: 'team-t' } });
    expect(await schoolForTeamsRequest([teamOnly], { tenantId: 'tenant-bot', userId: 'u' }, nobody, 'tenant-bot')).toBe(teamOnly.id);
    expect(await refusal(schoolForTeamsRequest([teamOnly], { tenantId: 'tenant-elsewhere', userId: 'u' }, nobody, 'tenant-bot'))).toMatch(/not connected/);
  });
});

describe('binding conflicts', () => {
  it('names two schools of one workspace claiming the same channel', () => {
    const a = school('a', { slack: { teamId: 'T-1' } });
    const b = school('b', { slack: { teamId: 'T-1', channelIds: { incidents: 'C-B-INC' } } });
    expect(bindingConflicts([a, b])).toEqual([
      expect.stringMatching(/slack: schools a and b both use channel #attendance in T-1/),
      expect.stringMatching(/slack: schools a and b both use channel #slt in T-1/),
    ]);
    expect(bindingConflicts([north, south, alone])).toEqual([]);
  });

  it('knows the admin channel: by id, by name, and the attendance channel when a school names none', async () => {
    const a = school('a', { slack: { teamId: 'T-1', channelIds: { attendance: 'C-A-ATT', incidents: 'C-A-INC', leadership: 'C-A-SLT', admin: 'C-A-ADM' } } });
    const b = school('b', { slack: { teamId: 'T-1', channelIds: { attendance: 'C-B-ATT', incidents: 'C-B-INC', leadership: 'C-B-SLT' } }, admin: '#office' });
    const c = school('c', { slack: { teamId: 'T-1', channelIds: { attendance: 'C-C-ATT', incidents: 'C-C-INC', leadership: 'C-C-SLT' } }, admin: 'office' });
    expect(await schoolForSlackRequest([a, b], { teamId: 'T-1', channelId: 'C-A-ADM', userId: 'U-x' }, nobody)).toBe(a.id);
    expect(await schoolForSlackRequest([a, b], { teamId: 'T-1', channelId: 'C-ANY', channelName: 'office', userId: 'U-x' }, nobody)).toBe(b.id);
    expect(bindingConflicts([a, b, c])).toEqual([expect.stringMatching(/slack: schools b and c both use channel #office in T-1/)]);
    expect(bindingConflicts([a, b])).toEqual([]);
  });
});
