// Display names of the people who have used Rollcall recently, learnt from the `from.name` Teams sends,
// so a {{user:ID}} mention shows "<at>Amy Shah</at>" rather than an id. Bounded: the oldest are
// forgotten first, and a forgotten name only costs the mention its display name.

export class NameBook {
  private readonly names = new Map<string, string>();

  constructor(private readonly capacity = 2_000) {}

  learn(ids: readonly (string | undefined)[], name: string | undefined): void {
    if (!name) return;
    for (const id of ids) {
      if (!id) continue;
      this.names.delete(id);
      this.names.set(id, name);
    }
    while (this.names.size > this.capacity) {
      const oldest = this.names.keys().next().value;
      if (oldest === undefined) break;
      this.names.delete(oldest);
    }
  }

  get(id: string): string | undefined {
    return this.names.get(id);
  }
}
