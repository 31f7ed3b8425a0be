import { describe, expect, it } from 'vitest';
import type { AuditDiff } from '../audit/diff.js';
import { DIFF_CSV_COLUMNS, renderDiffCsv } from './diff-csv.js';
import { renderDiffHtml } from './diff-html.js';

const HOSTILE = '<script>alert("x")</script>';
const side = (auditId: number | undefined): AuditDiff['from'] => ({
  ...(auditId === undefined ? {} : { auditId }),
  generatedAt: '2025-01-01T00:00:00Z',
  organizationId: 'o-exampleorg1',
  scope: 'organization',
  detail: 'full',
  summary: { total: 2, compliant: 1, non_compliant: 1, error: 0, skipped: 0 },
});
const diff: AuditDiff = {
  schemaVersion: 1,
  kind: 'rootctl.audit-diff',
  from: side(3),
  to: side(undefined),
  changes: [
    {
      kind: 'new-error',
      accountId: '100000000001',
      accountName: '+SUM(A1)',
      ouPath: `Root/${HOSTILE}`,
      joinedMethod: 'INVITED',
      before: 'compliant',
      after: 'error',
      added: [],
      removed: [],
      detail: `now fails: "quoted", a comma\nand a line`,
    },
  ],
  unchanged: 1,
};

describe('diff exports', () => {
  it('CSV: RFC 4180 quoting, formula guard, the audit ids, empty for unknown', () => {
    const [head, row, end] = renderDiffCsv(diff).split('\r\n');
    expect(head).toBe(DIFF_CSV_COLUMNS.map((c) => c.name).join(','));
    expect(end).toBe('');
    expect(row).toBe(
      'new-error,100000000001,\'+SUM(A1),"Root/<script>alert(""x"")</script>",INVITED,compliant,error,,,' +
        '"now fails: ""quoted"", a comma\nand a line",3,',
    );
  });

  it('HTML: every value escaped, no script, a CSP that allows only its stylesheet', () => {
    const html = renderDiffHtml(diff, '9.9.9');
    expect(html).not.toContain('<script');
    expect(html).toContain('Root/&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('now fails: &quot;quoted&quot;');
    expect(html).toMatch(
      /content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'"/,
    );
    expect(html).toContain('<h2 id="new-error" class="error">New errors (1)</h2>');
    expect(html).toContain('joined by invitation');
    expect(html).toContain('<td>audit 3</td>');
    expect(html).toContain('<td>not saved</td>');
  });
});
