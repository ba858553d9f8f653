/**
 * Secrets at rest: what the portal must keep in its database encrypted.
 */
@NonNullApi
package health.haven.api.secret;

import org.springframework.lang.NonNullApi;
