/** The product name and version, shared by the app and the CLI. Kept in step with package.json by a test. */
export const PRODUCT_NAME = 'Permafrost';
export const VERSION = '0.1.0';
