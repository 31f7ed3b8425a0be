// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'docs/generated/**',
      '**/*.mjs',
      '**/*.js',
      'examples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      'no-console': 'error',
    },
  },
  {
    // The core is the library: no AWS SDK, no file system, no database, no console.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@smithy/*'],
              message: 'core/ is pure: AWS calls live in src/aws adapters.',
            },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'fs',
                'better-sqlite3',
                'node:sqlite',
                'node:http',
                'node:https',
                'node:net',
              ],
              message: 'core/ is pure: I/O lives in adapters and store/.',
            },
            {
              group: ['../cli/*', '../../cli/*', '../emulator/*', '../../emulator/*'],
              message: 'core/ does not depend on the CLI or the emulator.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read loosely typed JSON (CloudTrail records, CLI output) and assert on it.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
