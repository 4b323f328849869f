import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { auditNamedQueries } from '../../lib/auditNamedQueries';

const queries = auditNamedQueries('"test_audit"."audit_records"');
const parser = new Parser();

describe('audit named queries', () => {
  it.each(queries.map((q) => [q.name, q] as const))(
    '%s parses as Trino SQL (Athena engine 3)',
    (_, query) => {
      expect(() => parser.astify(query.sql, { database: 'trino' })).not.toThrow();
    },
  );

  it('rejects SQL that is not Trino (the parse check itself works)', () => {
    expect(() => parser.astify('SELECT FROM WHERE kind =', { database: 'trino' })).toThrow();
  });

  it.each(queries.map((q) => [q.name, q] as const))(
    '%s is bounded by a dt range given as its first two parameters',
    (_, query) => {
      expect(query.sql).toMatch(/\bdt BETWEEN \? AND \?/);
      expect(query.parameters.slice(0, 2)).toEqual([
        'from date (yyyy-MM-dd, inclusive)',
        'to date (yyyy-MM-dd, inclusive)',
      ]);
      expect(query.sql.match(/\?/g)).toHaveLength(query.parameters.length);
      expect(query.sql.indexOf('dt BETWEEN ? AND ?')).toBe(query.sql.indexOf('?') - 'dt BETWEEN '.length);
    },
  );

  it.each(queries.map((q) => [q.name, q] as const))(
    '%s names the record kinds it reads, so only those partitions are read',
    (_, query) => {
      expect(query.sql).toMatch(/\bkind (=|IN) /);
    },
  );

  it.each(queries.map((q) => [q.name, q] as const))(
    '%s compares and orders times as timestamps, not text',
    (_, query) => {
      expect(query.sql).toContain('from_iso8601_timestamp(');
      expect(query.sql).not.toMatch(/ORDER BY [a-z_.]*(first_event_at|recorded_at|"time")\b/);
      expect(query.sql).not.toMatch(/\b(min|max)\((first_event_at|last_event_at|recorded_at)\)/);
    },
  );

  it('describes each parameter in the saved query', () => {
    for (const query of queries)
      expect(query.description).toContain(`Parameters: ${query.parameters.join(', ')}.`);
  });
});
