// Who may work the list. The policy names the duty holders (roles.duties.firstDayCalling for claims and
// calls; resolveNCodes as well for reasons); the DSL and the head teachers may do anything. Everyone else
// on the staff list (a class teacher) may look but not change a case.
import { requireRole, type HandlerContext, type StaffIdentity } from '../../chat/index.js';
import type { Policy } from '../../policy/schema.js';

const LEADERS = ['headteacher', 'executive-headteacher', 'head-of-school', 'dsl', 'deputy-dsl'];

export function callerRoles(policy: Policy): string[] {
  return unique([...policy.roles.duties.firstDayCalling, ...policy.roles.duties.safeguarding, ...LEADERS]);
}

export function resolverRoles(policy: Policy): string[] {
  return unique([...policy.roles.duties.firstDayCalling, ...policy.roles.duties.resolveNCodes, ...policy.roles.duties.safeguarding, ...LEADERS]);
}

export interface ActingStaff extends StaffIdentity {
  /** The role the person acts in (recorded on amendments): the first of theirs that the duty allows. */
  role: string;
}

function acting(staff: StaffIdentity, allowed: readonly string[]): ActingStaff {
  return { ...staff, role: staff.roles.find((r) => allowed.includes(r)) ?? staff.roles[0] ?? 'staff' };
}

/** Claim, log a call: FORBIDDEN for anyone without a first-day calling or safeguarding role. */
export function requireCaller(ctx: Pick<HandlerContext, 'actor'>, policy: Policy): ActingStaff {
  const roles = callerRoles(policy);
  return acting(requireRole(ctx, ...roles), roles);
}

/** Record a reason (closes the case and amends the register). */
export function requireResolver(ctx: Pick<HandlerContext, 'actor'>, policy: Policy): ActingStaff {
  const roles = resolverRoles(policy);
  return acting(requireRole(ctx, ...roles), roles);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
