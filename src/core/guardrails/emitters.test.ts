import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { call, expr, hclString, toHcl } from './hcl.js';
import { toYaml, withComment } from './yaml.js';

const tricky = [
  'plain',
  'with "quotes" and \\backslash',
  'line1\nline2',
  '${aws:PrincipalAccount}',
  '%{ if x }',
  '# not a comment',
  'key: value',
  '- dash',
  '',
  'yes',
  'null',
  '0123',
  'unicode é ☃',
];

describe('YAML writer', () => {
  it('round-trips nested data, strings that YAML would misread, and empty collections', () => {
    const value = {
      A: {
        list: tricky,
        nested: [{ x: 1, y: [true, false, null] }, { 'Fn::GetAtt': ['R', 'Arn'] }],
        empty: [],
        obj: {},
      },
      'key with space': 'v',
    };
    expect(parseYaml(toYaml(value))).toEqual(value);
  });

  it('writes comments above the key that holds a commented value and a header at the top', () => {
    const text = toYaml(
      { Resources: { Topic: withComment({ Type: 'AWS::SNS::Topic' }, ['explains the topic']) } },
      ['header line'],
    );
    expect(text.split('\n').slice(0, 4)).toEqual([
      '# header line',
      'Resources:',
      '  # explains the topic',
      '  Topic:',
    ]);
    expect(parseYaml(text)).toEqual({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
  });
});

describe('HCL writer', () => {
  it('escapes ${ and %{ so policy variables are not interpolated', () => {
    expect(hclString('${aws:PrincipalAccount}')).toBe('"$${aws:PrincipalAccount}"');
    expect(hclString('%{x}')).toBe('"%%{x}"');
  });

  it('produces HCL that hcl2json parses back to the same literal values', async () => {
    const text = toHcl(
      [
        {
          type: 'locals',
          labels: [],
          attributes: {
            v: {
              list: tricky.filter((s) => !s.includes('${') && !s.includes('%{')),
              'quoted-key': 1,
              n: [true, null],
            },
          },
        },
      ],
      ['header'],
    );
    const parsed = (await parseHcl('x.tf', text)) as { locals: { v: unknown }[] };
    expect(parsed.locals[0]!.v).toEqual({
      list: tricky.filter((s) => !s.includes('${') && !s.includes('%{')),
      'quoted-key': 1,
      n: [true, null],
    });
  });

  it('writes references and function calls verbatim', async () => {
    const text = toHcl([
      {
        type: 'resource',
        labels: ['aws_x', 'y'],
        attributes: {
          arn: expr('aws_sns_topic.t.arn'),
          policy: call('jsonencode', { A: expr('aws_sns_topic.t.arn') }),
        },
      },
    ]);
    const parsed = (await parseHcl('x.tf', text)) as { resource: { aws_x: { y: Record<string, string>[] } } };
    const y = parsed.resource.aws_x.y[0]!;
    expect(y.arn).toBe('${aws_sns_topic.t.arn}');
    expect(y.policy).toMatch(/^\$\{jsonencode\(\{[\s\S]*A = aws_sns_topic\.t\.arn[\s\S]*\}\)\}$/);
  });
});
