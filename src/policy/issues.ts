// One shape for everything the policy checker reports: an error (the file cannot be used) or a warning (the
// file works but the published policy disagrees with the law). The path names the field the school must
// edit, written the way it appears in the YAML: 'register.am.closes', 'tiers.bands.2.belowPct'.

export interface PolicyIssue {
  path: string;
  message: string;
}

export function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map((s) => String(s)).join('.');
}
