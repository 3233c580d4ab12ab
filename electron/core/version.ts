import packageJson from '../../package.json';

/** The app version from package.json, bundled at build time. */
export const version: string = packageJson.version;
