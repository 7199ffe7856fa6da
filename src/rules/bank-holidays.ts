// Built-in England and Wales bank holidays, so a school's policy file only lists the unusual ones (e.g. a
// coronation) in CalendarData.extraBankHolidays. Source: GOV.UK bank holidays list and its substitution rule
// (a holiday on a weekend moves to the next weekday). Easter Sundays: 31 Mar 2024, 20 Apr 2025,
// 5 Apr 2026, 28 Mar 2027, 16 Apr 2028. Extend this list before the 2028-29 school year.

import type { IsoDate } from './types.js';

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly IsoDate[] = [
  // 2024
  '2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26',
  // 2025
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  // 2026: Boxing Day is a Saturday, substitute Monday 28 Dec
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  // 2027: Christmas Day and Boxing Day fall on the weekend, substitutes 27 and 28 Dec
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
  // 2028: New Year's Day is a Saturday, substitute Monday 3 Jan
  '2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26',
];

/** Years the built-in list covers; outside them only CalendarData.extraBankHolidays applies. */
export const BANK_HOLIDAY_YEARS = { from: 2024, to: 2028 } as const;
