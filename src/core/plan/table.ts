/** A plain-text table: columns padded to their widest cell, the last column left ragged. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)];
}

/** "2025-03-01" from an ISO timestamp; "-" when absent. */
export function day(iso: string | undefined): string {
  return iso === undefined ? '-' : iso.slice(0, 10);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
