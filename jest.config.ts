/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// swc compiles TypeScript for the tests (ts-jest does not support TypeScript 7; swc is also much faster).
const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
};

const config: Config = {
  testEnvironment: 'node',
  transform,
  // jose ships only ES modules; swc turns them into CommonJS like our own files (the rest of node_modules is CommonJS).
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Several suites start servers and child processes; give them room on a shared 2-core machine.
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
