/** Version of the privacy notice the registration form shows; stored with every consent. */
export const PRIVACY_NOTICE_VERSION = '2026-01';
