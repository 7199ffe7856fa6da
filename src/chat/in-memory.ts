// In-memory StaffDirectory and DeliveryLog: for tests and local mode before the database is wired.
// The DB-backed ones (StaffMember, ProcessedDelivery tables) implement the same interfaces.

import type { Platform } from './model.js';
import type { DeliveryLog, StaffDirectory, StaffIdentity, StaffLookup } from './port.js';

export interface StaffEntry extends StaffIdentity {
  /** Platform user ids by platform, e.g. { slack: 'U123', local: 'office' }. */
  accounts: Partial<Record<Platform, string>>;
}

export class InMemoryStaffDirectory implements StaffDirectory {
  private readonly entries: StaffEntry[];

  constructor(entries: StaffEntry[] = []) {
    this.entries = [...entries];
  }

  add(entry: StaffEntry): void {
    this.entries.push(entry);
  }

  async find({ platform, userId, schoolId }: StaffLookup): Promise<StaffIdentity | undefined> {
    const hit = this.entries.find(
      (e) => e.accounts[platform] === userId && (schoolId === undefined || e.schoolId === schoolId),
    );
    if (!hit) return undefined;
    const { accounts: _accounts, ...identity } = hit;
    return identity;
  }
}

export class InMemoryDeliveryLog implements DeliveryLog {
  private readonly seen = new Set<string>();

  async firstTime(key: string): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
