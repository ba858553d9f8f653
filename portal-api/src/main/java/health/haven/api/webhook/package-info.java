/**
 * Callbacks to ticketing systems: subscriptions, the deliveries each event becomes, and
 * their signed, retried sending.
 */
@NonNullApi
package health.haven.api.webhook;

import org.springframework.lang.NonNullApi;
