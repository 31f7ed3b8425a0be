import { describe, expect, it } from 'vitest';
import { QueryInput } from './query.js';

const input = (params: Record<string, string>) => new QueryInput(new URLSearchParams(params));

describe('QueryInput.oneOf', () => {
  it('returns a listed value and undefined for an absent one', () => {
    expect(input({ Status: 'Inactive' }).oneOf('Status', ['Active', 'Inactive'])).toBe('Inactive');
    expect(input({}).oneOf('Status', ['Active', 'Inactive'])).toBeUndefined();
  });

  it("refuses any other value with IAM's enum ValidationError, values in the order given", () => {
    expect(() =>
      input({ AssignmentStatus: 'Some' }).oneOf('AssignmentStatus', ['Unassigned', 'Any', 'Assigned']),
    ).toThrow(
      expect.objectContaining({
        code: 'ValidationError',
        status: 400,
        message:
          "1 validation error detected: Value 'Some' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]",
      }),
    );
  });
});
