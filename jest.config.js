/**
 * Jest projects: unit (pure, hand-built state), integration (real servers on loopback), e2e (a real
 * browser driving Agents Playground), reliability (crash/fault/bad-input suite, short form by default).
 * Type checking is done once by `tsc` in `npm test`; ts-jest only transpiles (isolatedModules).
 */
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  // adaptivecards' package entry needs a DOM; its prebuilt bundle parses cards in Node.
  moduleNameMapper: { '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js' },
};

module.exports = {
  reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testTimeout: 60000,
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 180000 },
    {
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
      testTimeout: 600000,
    },
  ],
};
