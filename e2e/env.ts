/** The environment variable through which jest's global setup hands the e2e packages' directory to the workers. */
export const E2E_PACKAGES_ENV = 'TRADEBOT_E2E_PACKAGES';
