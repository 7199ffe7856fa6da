// Unique Pupil Numbers in the DfE format: a check letter followed by 12 digits (LA code, school number,
// year of allocation, serial). The check letter makes the synthetic UPNs pass the same validation real
// ones do, so the demo's data looks like an MIS export.
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'; // 23 letters: no I, O or S

export function upnCheckLetter(twelveDigits: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelveDigits[i]) * (i + 2);
  return CHECK_LETTERS[sum % 23]!;
}

export function makeUpn(laCode: number, schoolNumber: number, year: number, serial: number): string {
  const digits = `${String(laCode).padStart(3, '0')}${String(schoolNumber).padStart(4, '0')}${String(year % 100).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  return upnCheckLetter(digits) + digits;
}

export function isValidUpn(upn: string): boolean {
  return /^[A-Z]\d{12}$/.test(upn) && upnCheckLetter(upn.slice(1)) === upn[0];
}
